namespace VipAgent.Registry.Audit;

public enum MismatchKind
{
    /// <summary>An event's recomputed link differs from the one stored with it: content, type, order or a predecessor changed.</summary>
    Chain,

    /// <summary>A version is missing from the stream (deleted event), or the stream's recorded length disagrees with its events.</summary>
    Sequence,

    /// <summary>An event cannot be read back as the type it claims to be.</summary>
    Unreadable,

    /// <summary>A stored projection differs from the one rebuilt from the events.</summary>
    Projection,

    /// <summary>An output file is missing or no longer hashes to its recorded SHA-256.</summary>
    Output,

    /// <summary>An execution rests on a descriptor version no application stream publishes.</summary>
    Anchor,

    /// <summary>The stream disagrees with a signed checkpoint, or the checkpoint itself does not verify.</summary>
    Checkpoint,
}

/// <summary>One thing an audit found wrong: where (stream and event version, 1-based) and what differs.</summary>
public sealed record AuditMismatch(string Stream, long? Event, MismatchKind Kind, string Detail)
{
    public override string ToString() => $"{Stream}{(Event is { } v ? $" event {v}" : "")}: [{Kind}] {Detail}";
}

/// <summary>What `vip audit verify` prints: how much was checked and every mismatch (none means clean, exit code 0).</summary>
public sealed record AuditReport(int StreamsChecked, long EventsChecked, IReadOnlyList<AuditMismatch> Mismatches)
{
    public bool IsClean => Mismatches.Count == 0;
}
