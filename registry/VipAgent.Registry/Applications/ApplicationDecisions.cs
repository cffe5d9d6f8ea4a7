namespace VipAgent.Registry.Applications;

/// <summary>Publish one descriptor version (already validated, canonicalised and hashed).</summary>
public sealed record PublishDescriptor(
    string Name,
    string ToolVersion,
    string DescriptorSha256,
    string CanonicalDescriptor,
    string? ContainerImage,
    string By,
    DateTimeOffset At)
{
    /// <summary>The files the descriptor references (its ONNX model), hashed: published with it as part of the version.</summary>
    public IReadOnlyList<DescriptorFile> Files { get; init; } = [];
}

public sealed record DeprecateApplication(string Name, string Reason, string By, DateTimeOffset At);

/// <summary>What publishing decided: the events to append, or why nothing is appended.</summary>
public sealed record PublishDecision(ImportStatus Status, IReadOnlyList<object> Events, string? Reason)
{
    public static PublishDecision Publish(params object[] events) => new(ImportStatus.Imported, events, null);

    public static PublishDecision Unchanged { get; } = new(ImportStatus.Unchanged, [], null);

    public static PublishDecision Refuse(string reason) => new(ImportStatus.Rejected, [], reason);
}

/// <summary>The application stream's rules, as pure functions of its state.</summary>
public static class ApplicationDecisions
{
    public static PublishDecision Decide(ApplicationCatalogEntry? state, PublishDescriptor command)
    {
        var published = new DescriptorPublished(
            command.Name, command.ToolVersion, command.DescriptorSha256, command.CanonicalDescriptor,
            command.ContainerImage, command.By, command.At);
        var attached = command.Files.Select(f => (object)new DescriptorFileAttached(
            command.Name, command.ToolVersion, f.Key, f.RelativePath, f.Sha256, f.Size, command.At));

        if (state is null)
        {
            return PublishDecision.Publish([new ApplicationRegistered(command.Name, command.By, command.At), published, .. attached]);
        }

        var existing = state.FindVersion(command.ToolVersion);
        if (existing is not null && existing.DescriptorSha256 == command.DescriptorSha256 && !existing.Files.SequenceEqual(command.Files))
        {
            return PublishDecision.Refuse(
                $"{command.Name} {command.ToolVersion} is already published with other referenced files ({Files(existing.Files)}; now {Files(command.Files)}). " +
                "A published version never changes, its model included: publish the change under a new tool-version.");
        }

        if (existing is not null)
        {
            return existing.DescriptorSha256 == command.DescriptorSha256
                ? PublishDecision.Unchanged
                : PublishDecision.Refuse(
                    $"{command.Name} {command.ToolVersion} is already published with SHA-256 {Short(existing.DescriptorSha256)}… " +
                    $"and this descriptor differs (SHA-256 {Short(command.DescriptorSha256)}…). A published version never changes: " +
                    "publish the change under a new tool-version.");
        }

        return state.IsDeprecated
            ? PublishDecision.Refuse($"{command.Name} is deprecated ({state.DeprecationReason}); no new version can be published.")
            : PublishDecision.Publish([published, .. attached]);
    }

    public static IReadOnlyList<object> Decide(ApplicationCatalogEntry? state, DeprecateApplication command) => state switch
    {
        null => throw new RegistryRuleException($"There is no application named '{command.Name}' to deprecate."),
        { IsDeprecated: true } => [],
        _ => [new ApplicationDeprecated(command.Name, command.Reason, command.By, command.At)],
    };

    private static string Files(IReadOnlyList<DescriptorFile> files) =>
        files.Count == 0 ? "none recorded" : string.Join(", ", files.Select(f => $"{f.RelativePath} SHA-256 {Short(f.Sha256)}…"));

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
