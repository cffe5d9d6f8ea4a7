using Marten;

namespace VipAgent.Registry.Executions;

/// <summary>One unfinished job, as the monitoring jobs poll it.</summary>
public sealed record ActiveJob(Guid ExecutionId, string JobId, string Backend, string BackendJobId, JobState State, int Attempts, DateTimeOffset LastChangedAt);

/// <summary>Monitoring queries over the execution summaries: one query each, however many jobs they hold.</summary>
public sealed class JobBoard(IDocumentStore store)
{
    /// <summary>Every job not yet ended in a running execution, optionally only those of <paramref name="backend"/>, oldest change first.</summary>
    public async Task<IReadOnlyList<ActiveJob>> ActiveJobsAsync(string? backend, CancellationToken ct)
    {
        var running = await ExecutionsAsync(ExecutionStatus.Running, ct);
        return running
            .SelectMany(e => e.Jobs.Where(j => !j.IsFinished && (backend is null || j.Backend == backend))
                .Select(j => new ActiveJob(e.ExecutionId, j.JobId, j.Backend, j.BackendJobId, j.State, j.Attempts, j.LastChangedAt)))
            .OrderBy(j => j.LastChangedAt)
            .ToList();
    }

    /// <summary>The summaries of every execution in <paramref name="status"/> (planned for <paramref name="backend"/> when given), oldest plan first.</summary>
    public async Task<IReadOnlyList<ExecutionSummary>> ExecutionsAsync(ExecutionStatus status, CancellationToken ct, string? backend = null)
    {
        await using var session = store.QuerySession();
        var query = session.Query<ExecutionSummary>().Where(e => e.Status == status);
        if (backend is not null)
        {
            query = query.Where(e => e.Backend == backend);
        }

        return await query.OrderBy(e => e.PlannedAt).ToListAsync(ct);
    }
}
