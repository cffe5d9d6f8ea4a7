using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using VipAgent.Boutiques;
using VipAgent.Registry.Chain;

namespace VipAgent.Registry.Applications;

/// <summary>
/// `vip apps import`: validates descriptor files, canonicalises and hashes them, and publishes each
/// as an immutable application version. Identical re-imports are no-ops; changed bytes under a
/// published name and version are refused.
/// </summary>
public sealed class ApplicationImporter(IDocumentStore store, TimeProvider time, IEnumerable<DescriptorCheck> checks)
{
    private const int Attempts = 3;

    private readonly IReadOnlyList<DescriptorCheck> _checks = [.. checks];

    /// <summary>An importer with no checks beyond the Boutiques validation and the referenced files.</summary>
    public ApplicationImporter(IDocumentStore store, TimeProvider time)
        : this(store, time, [])
    {
    }

    /// <summary>Imports files and folders (every <c>*.json</c> below a folder), one outcome per file, in order.</summary>
    public async Task<IReadOnlyList<ImportOutcome>> ImportAsync(
        IEnumerable<string> paths, string importedBy, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var files = ExpandPaths(paths);
        var outcomes = new List<ImportOutcome>(files.Count);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var outcome = File.Exists(file)
                ? await ImportJsonAsync(file, await File.ReadAllTextAsync(file, ct), importedBy, Path.GetDirectoryName(Path.GetFullPath(file)), ct)
                : ImportOutcome.Rejected(file, "No such file or folder.");
            outcomes.Add(outcome);
            progress?.Report(new ImportProgress(outcomes.Count, files.Count, outcome));
        }

        return outcomes;
    }

    /// <summary>Imports one descriptor given as text; <paramref name="source"/> names it in the outcome.</summary>
    public Task<ImportOutcome> ImportJsonAsync(string source, string json, string importedBy, CancellationToken ct) =>
        ImportJsonAsync(source, json, importedBy, null, ct);

    /// <summary>
    /// Imports one descriptor given as text, the files it references (an ONNX model) read relative to
    /// <paramref name="folder"/> and hashed into the version; null: it may reference none.
    /// </summary>
    public async Task<ImportOutcome> ImportJsonAsync(string source, string json, string importedBy, string? folder, CancellationToken ct)
    {
        JsonNode? descriptor;
        try
        {
            descriptor = BoutiquesJson.Parse(json);
        }
        catch (JsonException ex)
        {
            return ImportOutcome.Rejected(source, $"Not valid JSON: {ex.Message}");
        }

        var problems = DescriptorValidator.Validate(descriptor);
        if (problems.Count > 0)
        {
            return ImportOutcome.Rejected(source, [.. problems.Select(p => p.ToString())]);
        }

        var (files, fileProblems) = DescriptorFiles.Read(descriptor, folder);
        var checkProblems = _checks.SelectMany(check => check(descriptor!, folder)).ToList();
        if (fileProblems.Count > 0 || checkProblems.Count > 0)
        {
            return ImportOutcome.Rejected(source, [.. fileProblems, .. checkProblems.Where(p => !fileProblems.Contains(p))]);
        }

        var canonical = CanonicalJson.Serialize(descriptor);
        var name = descriptor!["name"]!.ToString();
        var toolVersion = descriptor["tool-version"]!.ToString();
        var image = descriptor["container-image"]?["image"]?.ToString();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var command = new PublishDescriptor(name, toolVersion, CanonicalJson.Sha256Hex(canonical), canonical, image, importedBy, time.GetUtcNow())
                {
                    Files = files,
                };
                var decision = await PublishAsync(command, ct);
                return new ImportOutcome(source, decision.Status, name, toolVersion, command.DescriptorSha256, decision.Reason is null ? [] : [decision.Reason]);
            }
            catch (RegistryConcurrencyException) when (attempt < Attempts)
            {
                // another importer published to this application meanwhile: decide again on the new state
            }
        }
    }

    /// <summary>Marks an application deprecated (its versions stay readable for audit); true when this call recorded it.</summary>
    public async Task<bool> DeprecateAsync(string name, string reason, string deprecatedBy, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await ChainedStream.LoadAsync(session, StreamKeys.Application(name), ct);
        var events = ApplicationDecisions.Decide(stream.Fold<ApplicationCatalogEntry>(ApplicationHistory.Evolve), new DeprecateApplication(name, reason, deprecatedBy, time.GetUtcNow()));
        if (events.Count == 0)
        {
            return false;
        }

        stream.Append(session, EventChain.Genesis(stream.Key, null), events);
        await stream.SaveAsync(session, ct);
        return true;
    }

    private async Task<PublishDecision> PublishAsync(PublishDescriptor command, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await ChainedStream.LoadAsync(session, StreamKeys.Application(command.Name), ct);
        var decision = ApplicationDecisions.Decide(stream.Fold<ApplicationCatalogEntry>(ApplicationHistory.Evolve), command);
        if (decision.Events.Count > 0)
        {
            stream.Append(session, EventChain.Genesis(stream.Key, null), decision.Events);
            await stream.SaveAsync(session, ct);
        }

        return decision;
    }

    /// <summary>Files as given, and every <c>*.json</c> below each folder, sorted; missing paths are kept so they are reported.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(path => Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : [path])
            .ToList();
}
