namespace VipAgent.Registry.Applications;

/// <summary>An application name entered the registry.</summary>
public sealed record ApplicationRegistered(string Name, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>
/// One immutable version of an application: the descriptor's canonical JSON and its SHA-256,
/// with the name, tool-version and container image read from it.
/// </summary>
public sealed record DescriptorPublished(
    string Name,
    string ToolVersion,
    string DescriptorSha256,
    string CanonicalDescriptor,
    string? ContainerImage,
    string PublishedBy,
    DateTimeOffset PublishedAt);

/// <summary>The application should no longer be planned; its versions stay readable for audit.</summary>
public sealed record ApplicationDeprecated(string Name, string Reason, string DeprecatedBy, DateTimeOffset DeprecatedAt);

/// <summary>
/// A file a published version's descriptor references (its ONNX model, named by <c>custom.vipagent:model</c>),
/// hashed at import: it is part of the application version. Appended right after its <see cref="DescriptorPublished"/>.
/// </summary>
/// <param name="Key">The <c>custom</c> key that names the file, e.g. <c>vipagent:model</c>.</param>
/// <param name="RelativePath">The path as written in the descriptor, relative to the descriptor's folder.</param>
public sealed record DescriptorFileAttached(
    string Name,
    string ToolVersion,
    string Key,
    string RelativePath,
    string Sha256,
    long Size,
    DateTimeOffset AttachedAt);
