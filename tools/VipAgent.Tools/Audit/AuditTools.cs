using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using VipAgent.Registry;
using VipAgent.Registry.Audit;
using VipAgent.Tools.Access;
using VipAgent.Tools.Executions;

namespace VipAgent.Tools.Audit;

/// <summary>Verifying an execution's record and exporting its provenance: read-only, open to auditors.</summary>
[McpServerToolType]
public sealed class AuditTools(ExecutionAccess executions, CallerClaims callers, Auditor auditor)
{
    [McpServerTool(Name = "verify_execution", Title = "Verify an execution", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Replays an execution's event stream and checks that it is intact: the hash chain of its events, its projection rebuilt from them, and every output file against its recorded SHA-256. " +
        "Use it once an execution completed to show its results can be trusted. Reports progress; can be cancelled.")]
    public async Task<VerificationReport> VerifyExecutionAsync(
        [Description("The execution id, a GUID.")] string executionId,
        IProgress<ProgressNotificationValue>? progress = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var summary = await executions.FindAsync(executionId, callers.Resolve(user), cancellationToken);
        progress?.Report(new ProgressNotificationValue { Progress = 0, Total = 2, Message = $"replaying {summary.ExecutionId}" });
        var report = await auditor.VerifyAsync(summary.ExecutionId.ToString(), null, cancellationToken);
        progress?.Report(new ProgressNotificationValue { Progress = 2, Total = 2, Message = report.IsClean ? "verified" : $"{report.Mismatches.Count} mismatch(es)" });
        return new VerificationReport(summary.ExecutionId, report.IsClean, report.EventsChecked,
            [.. report.Mismatches.Select(m => $"{(m.Event is { } v ? $"event {v}" : "stream")}: [{m.Kind}] {m.Detail}")]);
    }

    [McpServerTool(Name = "export_provenance", Title = "Export provenance", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Exports an execution's provenance: W3C PROV-JSON (format 'prov') or an RO-Crate Process Run Crate (format 'ro-crate'), returned as files with their text. " +
        "Reports progress; can be cancelled.")]
    public async Task<ProvenanceExport> ExportProvenanceAsync(
        [Description("The execution id, a GUID.")] string executionId,
        [Description("'prov' (W3C PROV-JSON) or 'ro-crate' (RO-Crate metadata, descriptor and invocations).")] string format = "prov",
        IProgress<ProgressNotificationValue>? progress = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var kind = format.Trim().ToLowerInvariant() switch
        {
            "prov" => ExportFormat.Prov,
            "ro-crate" or "rocrate" => ExportFormat.RoCrate,
            _ => throw new McpException($"format '{format}' is not known: use 'prov' or 'ro-crate'."),
        };
        var summary = await executions.FindAsync(executionId, callers.Resolve(user), cancellationToken);
        progress?.Report(new ProgressNotificationValue { Progress = 0, Total = 1, Message = $"reading the stream of {summary.ExecutionId}" });
        IReadOnlyList<(string RelativePath, string Content)> files;
        try
        {
            files = await auditor.RenderExportAsync(summary.ExecutionId.ToString(), kind, cancellationToken);
        }
        catch (RegistryRuleException e)
        {
            throw new McpException(e.Message);
        }

        progress?.Report(new ProgressNotificationValue { Progress = 1, Total = 1, Message = $"{files.Count} file(s)" });
        return new ProvenanceExport(summary.ExecutionId, kind == ExportFormat.Prov ? "prov" : "ro-crate",
            [.. files.Select(f => new ExportedFile(f.RelativePath, f.Content))]);
    }
}
