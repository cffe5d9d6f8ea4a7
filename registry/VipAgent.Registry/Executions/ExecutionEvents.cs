namespace VipAgent.Registry.Executions;

/// <summary>A file as it was when read: its path, size and SHA-256.</summary>
public sealed record FileHash(string Path, long Size, string Sha256);

/// <summary>A plan was recorded (as JSON data) against one exact application version.</summary>
public sealed record ExecutionPlanned(
    Guid ExecutionId,
    string Application,
    string ToolVersion,
    string DescriptorSha256,
    string Backend,
    string PlanJson,
    string PlannedBy,
    DateTimeOffset PlannedAt);

public sealed record ExecutionApproved(Guid ExecutionId, string ApprovedBy, DateTimeOffset ApprovedAt);

/// <summary>An approved execution was handed to the scheduler: only a submitted execution is ever started.</summary>
public sealed record ExecutionSubmitted(Guid ExecutionId, string SubmittedBy, DateTimeOffset SubmittedAt);

/// <summary>The execution started; its input files were hashed first.</summary>
public sealed record ExecutionStarted(Guid ExecutionId, IReadOnlyList<FileHash> Inputs, DateTimeOffset StartedAt);

public sealed record JobSubmitted(
    Guid ExecutionId,
    string JobId,
    string Backend,
    string BackendJobId,
    string InvocationJson,
    string CommandLine,
    IReadOnlyList<string> Argv,
    string? ContainerImage,
    DateTimeOffset SubmittedAt);

public sealed record JobStatusChanged(Guid ExecutionId, string JobId, JobState From, JobState To, string? BackendDetail, DateTimeOffset ChangedAt);

public sealed record JobRetried(Guid ExecutionId, string JobId, int Attempt, string BackendJobId, string Reason, DateTimeOffset RetriedAt);

public sealed record OutputRecorded(Guid ExecutionId, string JobId, string Path, long Size, string Sha256, DateTimeOffset RecordedAt);

public sealed record ExecutionCompleted(Guid ExecutionId, DateTimeOffset CompletedAt);

public sealed record ExecutionFailed(Guid ExecutionId, string Reason, DateTimeOffset FailedAt);

public sealed record ExecutionCancelled(Guid ExecutionId, string CancelledBy, string Reason, DateTimeOffset CancelledAt);

/// <summary>A job's recorded lifecycle.</summary>
public enum JobState
{
    /// <summary>Accepted by its backend.</summary>
    Submitted,

    /// <summary>Waiting on its backend for resources.</summary>
    Queued,

    Running,

    /// <summary>Ended well on its backend; its outputs are being collected and checked.</summary>
    Collecting,

    /// <summary>Ended with its outputs recorded.</summary>
    Succeeded,

    /// <summary>Ended badly (exit code, wall time, lost, a required output missing); retried while attempts remain.</summary>
    Failed,

    Cancelled,

    /// <summary>Failed on its last allowed attempt: waits for a person to retry it or cancel the execution.</summary>
    Held,
}

public enum ExecutionStatus
{
    Planned,
    Approved,
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>Approved and handed to the scheduler, not started yet (after <see cref="Approved"/>; last, so stored values never shift).</summary>
    Submitted,
}
