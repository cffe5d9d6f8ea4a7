using System.Text.Json;
using VipAgent.Registry.Audit.Export;

namespace VipAgent.Registry.Audit;

/// <summary>The formats `vip audit export` writes.</summary>
public enum ExportFormat
{
    /// <summary>W3C PROV-JSON, written as <c>prov.json</c>.</summary>
    Prov,

    /// <summary>An RO-Crate (Process Run Crate profile): <c>ro-crate-metadata.json</c>, the descriptor and the invocations.</summary>
    RoCrate,
}

public sealed partial class Auditor
{
    private static readonly JsonSerializerOptions Indented = new(RegistryJson.Options) { WriteIndented = true };

    /// <summary>Writes the execution's provenance in <paramref name="format"/> into <paramref name="outDir"/>; returns the files written.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(string id, ExportFormat format, string outDir, CancellationToken ct)
    {
        var files = await RenderExportAsync(id, format, ct);
        var written = new List<string>();
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, ct);
            written.Add(path);
        }

        return written;
    }

    /// <summary>The files an export in <paramref name="format"/> holds, as (path relative to the export folder, content), without writing them.</summary>
    public async Task<IReadOnlyList<(string RelativePath, string Content)>> RenderExportAsync(string id, ExportFormat format, CancellationToken ct)
    {
        var record = await ExecutionRecord.LoadAsync(store, id, ct);
        return format switch
        {
            ExportFormat.Prov => [("prov.json", ProvJson.Build(record).ToJsonString(Indented))],
            _ => RoCrateFiles(record),
        };
    }

    /// <summary>The stream (an execution id, an application name or a stream key) as a readable timeline, one line per event.</summary>
    public async Task<IReadOnlyList<string>> ReplayAsync(string id, CancellationToken ct) =>
        TimelineFormatter.Lines(await ExecutionRecord.LoadAsync(store, id, ct)).ToList();

    private static List<(string, string)> RoCrateFiles(ExecutionRecord record)
    {
        var (metadata, files) = RoCrate.Build(record);
        return [("ro-crate-metadata.json", metadata.ToJsonString(Indented)), .. files];
    }
}
