using Marten;
using ModelContextProtocol;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Access;

namespace VipAgent.Tools.Executions;

/// <summary>Finds executions for a caller: only those the caller may read, and the same answer for one that is not there.</summary>
public sealed class ExecutionAccess(ExecutionRecorder recorder, IDocumentStore store)
{
    /// <summary>The execution <paramref name="id"/> (a GUID, or <c>executions/GUID</c>) when <paramref name="caller"/> may read it.</summary>
    public async Task<ExecutionSummary> FindAsync(string id, Caller caller, CancellationToken ct)
    {
        var key = id.Trim();
        key = key.StartsWith("executions/", StringComparison.Ordinal) ? key["executions/".Length..] : key;
        if (!Guid.TryParse(key, out var executionId))
        {
            throw new McpException($"'{id}' is not an execution id: give the GUID that plan_experiment or list_executions returned.");
        }

        var summary = await recorder.FindAsync(executionId, ct);
        return summary is not null && caller.CanRead(summary) ? summary : throw Caller.ExecutionNotFound(executionId);
    }

    /// <summary>The executions <paramref name="caller"/> may read, latest plan first, optionally only those in <paramref name="status"/>.</summary>
    public async Task<IReadOnlyList<ExecutionSummary>> ListAsync(Caller caller, ExecutionStatus? status, int limit, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        IQueryable<ExecutionSummary> query = session.Query<ExecutionSummary>();
        if (caller.Role == CallerRole.Researcher)
        {
            query = query.Where(e => e.PlannedBy == caller.User);
        }

        if (status is { } wanted)
        {
            query = query.Where(e => e.Status == wanted);
        }

        return await query.OrderByDescending(e => e.PlannedAt).Take(limit).ToListAsync(ct);
    }
}
