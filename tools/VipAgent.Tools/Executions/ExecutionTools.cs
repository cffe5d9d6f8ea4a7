using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Access;
using VipAgent.Tools.Mcp;

namespace VipAgent.Tools.Executions;

/// <summary>Following, listing, cancelling executions and reading their outputs; each caller sees only the executions their role allows.</summary>
[McpServerToolType]
public sealed class ExecutionTools(ExecutionAccess executions, CallerClaims callers, IExecutionCanceller canceller)
{
    [McpServerTool(Name = "get_execution", Title = "Execution status", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Returns an execution's status (planned, approved, running, completed, failed, cancelled), its jobs by state with each job's attempts, and how many outputs are recorded. " +
        "Poll it after submit_plan until finished is true, then call get_results and verify_execution.")]
    public async Task<ExecutionView> GetExecutionAsync(
        [Description("The execution id (the plan id), a GUID.")] string executionId,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default) =>
        ExecutionView.Of(await executions.FindAsync(executionId, callers.Resolve(user), cancellationToken));

    [McpServerTool(Name = "list_executions", Title = "List executions", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists the executions you can see (a researcher sees their own; auditors and admins see all), latest first, optionally only those in one status.")]
    public async Task<ExecutionList> ListExecutionsAsync(
        [Description("Only executions in this status: planned, approved, submitted, running, completed, failed or cancelled; omit for all.")] string? status = null,
        [Description("The most executions to return (1 to 500, default 50).")] int limit = 50,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 500)
        {
            throw new McpException($"limit must be between 1 and 500; {limit} was given.");
        }

        ExecutionStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            wanted = Enum.TryParse<ExecutionStatus>(status.Trim(), ignoreCase: true, out var parsed) && !int.TryParse(status, out _)
                ? parsed
                : throw new McpException($"status '{status}' is not one of: {string.Join(", ", Enum.GetNames<ExecutionStatus>().Select(n => n.ToLowerInvariant()))}.");
        }

        var found = await executions.ListAsync(callers.Resolve(user), wanted, limit, cancellationToken);
        return new ExecutionList([.. found.Select(ExecutionView.Of)]);
    }

    [McpServerTool(Name = "cancel_execution", Title = "Cancel an execution", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Cancels an execution that has not ended: stops its unfinished jobs on their backends and records who cancelled it and why. This cannot be undone; " +
        "the person is asked to confirm when the client supports it. Auditors cannot cancel.")]
    public async Task<CancelOutcome> CancelExecutionAsync(
        [Description("The execution id, a GUID.")] string executionId,
        [Description("Why it is cancelled, recorded in its provenance.")] string reason = "cancelled through MCP",
        McpServer? server = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(user);
        var summary = await executions.FindAsync(executionId, caller, cancellationToken);
        caller.RequireChange(summary);
        if (summary.IsFinished)
        {
            throw new McpException($"Execution {summary.ExecutionId} already ended ({summary.Status.ToString().ToLowerInvariant()}); there is nothing to cancel.");
        }

        await Confirmation.RequireAsync(server, $"Cancel execution {summary.ExecutionId} ({summary.Application} {summary.ToolVersion}, {summary.Jobs.Count(j => !j.IsFinished)} unfinished job(s))?", cancellationToken);
        var stopped = await canceller.CancelAsync(summary, caller.User, reason, cancellationToken);
        return new CancelOutcome(ExecutionView.Of(await executions.FindAsync(executionId, caller, cancellationToken)), stopped);
    }

    [McpServerTool(Name = "get_results", Title = "Execution outputs", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists an execution's recorded output files: the job that wrote each, its path, size and SHA-256. Complete once the execution is completed.")]
    public async Task<ExecutionOutputs> GetResultsAsync(
        [Description("The execution id, a GUID.")] string executionId,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var summary = await executions.FindAsync(executionId, callers.Resolve(user), cancellationToken);
        return new ExecutionOutputs(summary.ExecutionId, summary.Status.ToString().ToLowerInvariant(),
            [.. summary.Outputs.Select(o => new OutputFile(o.JobId, o.Path, o.Size, o.Sha256))]);
    }
}
