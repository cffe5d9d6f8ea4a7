using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Registry.Executions;

/// <summary>How an execution stream's events build its summary.</summary>
public static class ExecutionHistory
{
    /// <summary>The pure fold of an execution's events, used by the projection, the decisions and the audit.</summary>
    public static ExecutionSummary? Evolve(ExecutionSummary? state, object @event) => (state, @event) switch
    {
        (null, ExecutionPlanned e) => new ExecutionSummary
        {
            Id = StreamKeys.Execution(e.ExecutionId),
            ExecutionId = e.ExecutionId,
            Application = e.Application,
            ToolVersion = e.ToolVersion,
            DescriptorSha256 = e.DescriptorSha256,
            Backend = e.Backend,
            Status = ExecutionStatus.Planned,
            PlannedBy = e.PlannedBy,
            PlannedAt = e.PlannedAt,
            PlannedJobs = PlannedJobCount(e.PlanJson),
        },
        (not null, ExecutionApproved e) => state with { Status = ExecutionStatus.Approved, ApprovedBy = e.ApprovedBy, ApprovedAt = e.ApprovedAt },
        (not null, ExecutionSubmitted e) => state with { Status = ExecutionStatus.Submitted, SubmittedBy = e.SubmittedBy, SubmittedAt = e.SubmittedAt },
        (not null, ExecutionStarted e) => state with { Status = ExecutionStatus.Running, StartedAt = e.StartedAt, Inputs = e.Inputs },
        (not null, JobSubmitted e) => state with
        {
            Jobs = [.. state.Jobs, new JobView(e.JobId, e.Backend, e.BackendJobId, JobState.Submitted, 1, e.SubmittedAt, e.SubmittedAt)],
        },
        (not null, JobStatusChanged e) => WithJob(state, e.JobId, j => j with { State = e.To, LastChangedAt = e.ChangedAt, Detail = e.BackendDetail }),
        (not null, JobRetried e) => WithJob(state, e.JobId, j => j with
        {
            State = JobState.Submitted,
            Attempts = e.Attempt,
            BackendJobId = e.BackendJobId,
            LastChangedAt = e.RetriedAt,
            Detail = e.Reason,
        }),
        (not null, OutputRecorded e) => state with { Outputs = [.. state.Outputs, new OutputView(e.JobId, e.Path, e.Size, e.Sha256)] },
        (not null, ExecutionCompleted e) => state with { Status = ExecutionStatus.Completed, FinishedAt = e.CompletedAt },
        (not null, ExecutionFailed e) => state with { Status = ExecutionStatus.Failed, FinishedAt = e.FailedAt, Reason = e.Reason },
        (not null, ExecutionCancelled e) => state with { Status = ExecutionStatus.Cancelled, FinishedAt = e.CancelledAt, Reason = e.Reason },
        _ => state,
    };

    private static int PlannedJobCount(string planJson)
    {
        try
        {
            return JsonNode.Parse(planJson)?["jobs"] is JsonArray jobs ? jobs.Count : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static ExecutionSummary WithJob(ExecutionSummary state, string jobId, Func<JobView, JobView> change) =>
        state with { Jobs = state.Jobs.Select(j => j.JobId == jobId ? change(j) : j).ToList() };
}
