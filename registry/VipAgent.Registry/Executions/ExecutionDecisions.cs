namespace VipAgent.Registry.Executions;

/// <summary>
/// The execution stream's rules as one pure function: the events a command adds to a state,
/// an empty list when it changes nothing, or a <see cref="RegistryRuleException"/> saying why not.
/// </summary>
public static class ExecutionDecisions
{
    public static IReadOnlyList<object> Decide(ExecutionSummary? state, ExecutionCommand command)
    {
        if (command is PlanExecution plan)
        {
            return state is null
                ? [new ExecutionPlanned(plan.ExecutionId, plan.Application, plan.ToolVersion, plan.DescriptorSha256, plan.Backend, plan.PlanJson, plan.PlannedBy, plan.At)]
                : throw Rule($"Execution {plan.ExecutionId} is already planned.");
        }

        if (state is null)
        {
            throw Rule($"There is no execution {command.ExecutionId}.");
        }

        if (state.IsFinished)
        {
            throw Rule($"Execution {state.ExecutionId} is already {state.Status.ToString().ToLowerInvariant()}; nothing more can be recorded.");
        }

        return command switch
        {
            ApproveExecution c => Require(state, ExecutionStatus.Planned, "approved")
                ?? [new ExecutionApproved(c.ExecutionId, c.ApprovedBy, c.At)],
            SubmitExecution c => Require(state, ExecutionStatus.Approved, "submitted")
                ?? [new ExecutionSubmitted(c.ExecutionId, c.SubmittedBy, c.At)],
            StartExecution c => Require(state, ExecutionStatus.Submitted, "started")
                ?? [new ExecutionStarted(c.ExecutionId, c.Inputs, c.At)],
            SubmitJob c => Require(state, ExecutionStatus.Running, "given jobs")
                ?? (state.FindJob(c.Job.JobId) is null
                    ? [new JobSubmitted(c.ExecutionId, c.Job.JobId, c.Job.Backend, c.Job.BackendJobId, c.Job.InvocationJson, c.Job.CommandLine, c.Job.Argv, c.Job.ContainerImage, c.At)]
                    : throw Rule($"Job '{c.Job.JobId}' is already submitted in execution {c.ExecutionId}.")),
            ChangeJobStatus c => ChangeStatus(state, c),
            RetryJob c => Retry(state, c),
            RecordOutput c => Output(state, c),
            CompleteExecution c => Require(state, ExecutionStatus.Running, "completed")
                ?? (state.Jobs.All(j => j.IsFinished)
                    ? [new ExecutionCompleted(c.ExecutionId, c.At)]
                    : throw Rule($"Execution {c.ExecutionId} still has unfinished jobs: {string.Join(", ", state.Jobs.Where(j => !j.IsFinished).Select(j => j.JobId))}.")),
            FailExecution c => [new ExecutionFailed(c.ExecutionId, c.Reason, c.At)],
            CancelExecution c => [new ExecutionCancelled(c.ExecutionId, c.CancelledBy, c.Reason, c.At)],
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private static List<object> ChangeStatus(ExecutionSummary state, ChangeJobStatus c)
    {
        var job = Job(state, c.JobId);
        if (job.State == c.To)
        {
            return [];
        }

        if (c.To == JobState.Held && job.State != JobState.Failed)
        {
            throw Rule($"Job '{c.JobId}' is {job.State}; only a failed job can be held.");
        }

        var settled = job.IsFinished && !(job.State == JobState.Failed && c.To == JobState.Held);
        return settled
            ? throw Rule($"Job '{c.JobId}' already ended as {job.State}; it cannot become {c.To} (retry it instead).")
            : [new JobStatusChanged(c.ExecutionId, c.JobId, job.State, c.To, c.BackendDetail, c.At)];
    }

    private static List<object> Retry(ExecutionSummary state, RetryJob c)
    {
        var job = Job(state, c.JobId);
        return job.State is JobState.Failed or JobState.Cancelled or JobState.Held
            ? [new JobRetried(c.ExecutionId, c.JobId, job.Attempts + 1, c.BackendJobId, c.Reason, c.At)]
            : throw Rule($"Job '{c.JobId}' is {job.State}; only a failed, held or cancelled job can be retried.");
    }

    private static List<object> Output(ExecutionSummary state, RecordOutput c)
    {
        Job(state, c.JobId);
        var previous = state.Outputs.FirstOrDefault(o => o.Path == c.File.Path);
        if (previous is null)
        {
            return [new OutputRecorded(c.ExecutionId, c.JobId, c.File.Path, c.File.Size, c.File.Sha256, c.At)];
        }

        return previous.Sha256 == c.File.Sha256
            ? []
            : throw Rule($"Output '{c.File.Path}' was already recorded with SHA-256 {Short(previous.Sha256)}…; it now hashes to {Short(c.File.Sha256)}….");
    }

    private static JobView Job(ExecutionSummary state, string jobId) =>
        state.FindJob(jobId) ?? throw Rule($"Execution {state.ExecutionId} has no job '{jobId}'.");

    private static List<object>? Require(ExecutionSummary state, ExecutionStatus needed, string what) =>
        state.Status == needed
            ? null
            : throw Rule($"Execution {state.ExecutionId} is {state.Status.ToString().ToLowerInvariant()}; it can be {what} only when {needed.ToString().ToLowerInvariant()}.");

    private static RegistryRuleException Rule(string message) => new(message);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
