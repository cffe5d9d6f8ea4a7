using System.ComponentModel;

namespace VipAgent.Tools.Audit;

/// <summary>What verify_execution returns.</summary>
public sealed record VerificationReport(
    [property: Description("The execution verified.")] Guid ExecutionId,
    [property: Description("True when the hash chain, projections and output files all match the record.")] bool Clean,
    [property: Description("How many events were replayed.")] long EventsChecked,
    [property: Description("Each mismatch: the event version, its kind and what differs.")] IReadOnlyList<string> Mismatches);

/// <summary>One file of a provenance export.</summary>
public sealed record ExportedFile(
    [property: Description("Its path within the export.")] string Path,
    [property: Description("Its text (JSON for prov.json and ro-crate-metadata.json).")] string Content);

/// <summary>What export_provenance returns.</summary>
public sealed record ProvenanceExport(
    [property: Description("The execution exported.")] Guid ExecutionId,
    [property: Description("prov or ro-crate.")] string Format,
    [property: Description("The files of the export.")] IReadOnlyList<ExportedFile> Files);
