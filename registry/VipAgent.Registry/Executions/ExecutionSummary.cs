namespace VipAgent.Registry.Executions;

/// <summary>
/// An execution as its events tell it: status, jobs by state, timings, inputs and outputs.
/// The projection monitoring queries read, and the state the execution's decisions read.
/// </summary>
public sealed record ExecutionSummary
{
    /// <summary>The stream key, <c>executions/GUID</c>.</summary>
    public string Id { get; init; } = "";

    public Guid ExecutionId { get; init; }

    public string Application { get; init; } = "";

    public string ToolVersion { get; init; } = "";

    public string DescriptorSha256 { get; init; } = "";

    public string Backend { get; init; } = "";

    public ExecutionStatus Status { get; init; }

    public string PlannedBy { get; init; } = "";

    public string? ApprovedBy { get; init; }

    public DateTimeOffset PlannedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>Who handed the approved execution to the scheduler (<c>vip submit</c>, <c>vip exec</c>, a schedule).</summary>
    public string? SubmittedBy { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<FileHash> Inputs { get; init; } = [];

    /// <summary>How many jobs the plan holds (its <c>jobs</c> array), 0 when the plan does not list them.</summary>
    public int PlannedJobs { get; init; }

    public IReadOnlyList<JobView> Jobs { get; init; } = [];

    public IReadOnlyList<OutputView> Outputs { get; init; } = [];

    public bool IsFinished => Status is ExecutionStatus.Completed or ExecutionStatus.Failed or ExecutionStatus.Cancelled;

    public JobView? FindJob(string jobId) => Jobs.FirstOrDefault(j => j.JobId == jobId);

    /// <summary>How many jobs are in each state (a state with no job is absent).</summary>
    public IReadOnlyDictionary<JobState, int> JobsByState() => Jobs.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>One job of an execution, as the job board shows it.</summary>
public sealed record JobView(
    string JobId,
    string Backend,
    string BackendJobId,
    JobState State,
    int Attempts,
    DateTimeOffset SubmittedAt,
    DateTimeOffset LastChangedAt)
{
    /// <summary>What the backend (or the scheduler) said at the latest change: state, exit code, reason.</summary>
    public string? Detail { get; init; }

    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>Whether the job's backend must still be asked about it.</summary>
    public bool IsOnBackend => State is JobState.Submitted or JobState.Queued or JobState.Running;
}

public sealed record OutputView(string JobId, string Path, long Size, string Sha256);
