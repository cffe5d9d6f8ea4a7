using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using VipAgent.Boutiques;
using VipAgent.Registry.Applications;

namespace VipAgent.Tools.Catalog;

/// <summary>
/// The read-only catalog operations: search, describe, validate. Plain methods with descriptions, so the same class
/// serves as MCP tools and as a Semantic Kernel plugin; problems the caller can fix throw <see cref="McpException"/>.
/// </summary>
[McpServerToolType]
public sealed class CatalogTools(ApplicationCatalog catalog)
{
    private readonly PublishedDescriptors _descriptors = new(catalog);

    [McpServerTool(Name = "search_applications", Title = "Search applications", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the registered medical-imaging applications (Boutiques descriptors) whose name, description or tags contain the query; " +
        "all of them when the query is empty. Use it first to find which application fits a task. Returns each application's name, versions, description and tags.")]
    public async Task<ApplicationSearch> SearchApplicationsAsync(
        [Description("Words to look for in names, descriptions and tags, e.g. 'segmentation' or 'freesurfer'; empty for every application.")] string? query = null,
        [Description("The most applications to return (1 to 200, default 50).")] int limit = 50,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 200)
        {
            throw new McpException($"limit must be between 1 and 200; {limit} was given.");
        }

        var found = await catalog.ListAsync(query?.Trim(), cancellationToken);
        return new ApplicationSearch([.. found.Take(limit).Select(a => new ApplicationListing(
            a.Name, a.Versions.LastOrDefault()?.ToolVersion ?? "", [.. a.Versions.Select(v => v.ToolVersion)], a.Description, a.Tags, a.DeprecationReason))]);
    }

    [McpServerTool(Name = "get_application", Title = "Describe an application", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Describes one application version: its inputs (ids, types, whether optional, allowed values, defaults), container image and descriptor hash. " +
        "Use it before writing an invocation for validate_invocation, or to check what a plan will run.")]
    public async Task<ApplicationDetails> GetApplicationAsync(
        [Description("The application's name, as search_applications lists it.")] string name,
        [Description("The tool-version; omit for the latest.")] string? version = null,
        CancellationToken cancellationToken = default)
    {
        var (entry, published) = await FindAsync(name, version, cancellationToken);
        var descriptor = JsonNode.Parse(published.CanonicalDescriptor)!.AsObject();
        var inputs = (descriptor["inputs"] as JsonArray ?? []).OfType<JsonObject>().Select(ToInput).ToList();
        return new ApplicationDetails(entry.Name, published.ToolVersion, published.DescriptorSha256, published.ContainerImage,
            [.. entry.Versions.Select(v => v.ToolVersion)], inputs, $"vip://applications/{Uri.EscapeDataString(entry.Name)}/{Uri.EscapeDataString(published.ToolVersion)}");
    }

    [McpServerTool(Name = "validate_invocation", Title = "Validate an invocation", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Checks an invocation (a JSON object mapping input ids to values) against an application version's Boutiques descriptor, without running anything. " +
        "Returns valid=true with the command line it would run, or valid=false with each problem; fix them and call again.")]
    public async Task<InvocationCheck> ValidateInvocationAsync(
        [Description("The application's name, as search_applications lists it.")] string name,
        [Description("The invocation: a JSON object whose keys are input ids (see get_application), e.g. {\"input_file\": \"/data/t1.nii.gz\"}.")] JsonElement invocation,
        [Description("The tool-version; omit for the latest.")] string? version = null,
        CancellationToken cancellationToken = default)
    {
        if (invocation.ValueKind != JsonValueKind.Object)
        {
            throw new McpException($"invocation must be a JSON object mapping input ids to values; a JSON {invocation.ValueKind.ToString().ToLowerInvariant()} was given.");
        }

        var (_, published) = await FindAsync(name, version, cancellationToken);
        var simulated = BoutiquesEngine.Simulate(published.CanonicalDescriptor, invocation.GetRawText());
        var problems = simulated.InvocationProblems.Concat(simulated.DescriptorProblems).Select(p => $"{p.Path}: {p.Message}").ToList();
        return new InvocationCheck(simulated.Succeeded, published.ToolVersion, problems, simulated.Value?.CommandLine);
    }

    /// <summary>The catalog entry and published descriptor of <paramref name="name"/> at <paramref name="version"/>, or an error naming what exists.</summary>
    internal async Task<(ApplicationCatalogEntry Entry, DescriptorPublished Published)> FindAsync(string name, string? version, CancellationToken ct)
    {
        var entry = await catalog.FindAsync(name, ct);
        if (entry is null)
        {
            var known = await catalog.ListAsync(null, ct);
            throw new McpException($"There is no application '{name}'. Known applications: {string.Join(", ", known.Select(a => a.Name).Take(30))}. Call search_applications to find one.");
        }

        if (version is not null && entry.FindVersion(version) is null)
        {
            throw new McpException($"Application '{entry.Name}' has no version '{version}'. Versions: {string.Join(", ", entry.Versions.Select(v => v.ToolVersion))}.");
        }

        var chosen = version is null ? entry.Versions.LastOrDefault() : entry.FindVersion(version);
        var published = (chosen is null ? null : await _descriptors.FindAsync(entry, chosen, ct))
            ?? throw new McpException($"Application '{entry.Name}' has no published descriptor.");
        return (entry, published);
    }

    private static ApplicationInput ToInput(JsonObject input)
    {
        static JsonElement? Element(JsonNode? node) => node is null ? null : JsonSerializer.SerializeToElement(node);
        return new ApplicationInput(
            (string?)input["id"] ?? "",
            (string?)input["name"],
            (string?)input["type"],
            input["optional"] is JsonValue optional && optional.TryGetValue<bool>(out var o) && o,
            input["list"] is JsonValue list && list.TryGetValue<bool>(out var l) && l,
            (string?)input["description"],
            input["value-choices"] is JsonArray choices ? [.. choices.Select(c => JsonSerializer.SerializeToElement(c))] : null,
            Element(input["default-value"]));
    }
}
