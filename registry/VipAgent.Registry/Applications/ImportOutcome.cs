namespace VipAgent.Registry.Applications;

public enum ImportStatus
{
    /// <summary>A new application version was published.</summary>
    Imported,

    /// <summary>The same bytes (canonically) were already published: nothing to do.</summary>
    Unchanged,

    /// <summary>Not published; <see cref="ImportOutcome.Reasons"/> says why.</summary>
    Rejected,
}

/// <summary>What happened to one file given to the importer.</summary>
public sealed record ImportOutcome(
    string Source,
    ImportStatus Status,
    string? Name,
    string? ToolVersion,
    string? DescriptorSha256,
    IReadOnlyList<string> Reasons)
{
    public static ImportOutcome Rejected(string source, params string[] reasons) => new(source, ImportStatus.Rejected, null, null, null, reasons);
}

/// <summary>Progress of an import, for a progress bar: <see cref="Done"/> of <see cref="Total"/> files, the last one's outcome.</summary>
public sealed record ImportProgress(int Done, int Total, ImportOutcome Last);
