namespace VipAgent.Registry.Applications;

/// <summary>One application in the catalog: what `vip apps list/show` print, and the state its decisions read.</summary>
public sealed record ApplicationCatalogEntry
{
    /// <summary>The stream key, <c>applications/NAME</c>.</summary>
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The description of the latest published version.</summary>
    public string? Description { get; init; }

    /// <summary>The latest version's tags, as <c>key</c> or <c>key:value</c>.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<CatalogVersion> Versions { get; init; } = [];

    public string RegisteredBy { get; init; } = "";

    public DateTimeOffset RegisteredAt { get; init; }

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    public CatalogVersion? FindVersion(string toolVersion) => Versions.FirstOrDefault(v => v.ToolVersion == toolVersion);
}

/// <summary>One published, immutable version of an application.</summary>
public sealed record CatalogVersion(
    string ToolVersion,
    string DescriptorSha256,
    string? ContainerImage,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    IReadOnlyList<string> Inputs)
{
    /// <summary>The files its descriptor references (an ONNX model), with their SHA-256 recorded at import.</summary>
    public IReadOnlyList<DescriptorFile> Files { get; init; } = [];
}
