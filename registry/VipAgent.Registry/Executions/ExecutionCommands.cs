namespace VipAgent.Registry.Executions;

/// <summary>Something asked of an execution stream; <see cref="At"/> is the time it is recorded at.</summary>
public abstract record ExecutionCommand(Guid ExecutionId, DateTimeOffset At);

public sealed record PlanExecution(
    Guid ExecutionId, string Application, string ToolVersion, string DescriptorSha256, string Backend,
    string PlanJson, string PlannedBy, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record ApproveExecution(Guid ExecutionId, string ApprovedBy, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record SubmitExecution(Guid ExecutionId, string SubmittedBy, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record StartExecution(Guid ExecutionId, IReadOnlyList<FileHash> Inputs, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

/// <summary>What a backend accepted: where, under which id, and exactly what it runs.</summary>
public sealed record JobSubmission(
    string JobId, string Backend, string BackendJobId, string InvocationJson, string CommandLine,
    IReadOnlyList<string> Argv, string? ContainerImage);

public sealed record SubmitJob(Guid ExecutionId, JobSubmission Job, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record ChangeJobStatus(Guid ExecutionId, string JobId, JobState To, string? BackendDetail, DateTimeOffset At)
    : ExecutionCommand(ExecutionId, At);

public sealed record RetryJob(Guid ExecutionId, string JobId, string BackendJobId, string Reason, DateTimeOffset At)
    : ExecutionCommand(ExecutionId, At);

public sealed record RecordOutput(Guid ExecutionId, string JobId, FileHash File, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record CompleteExecution(Guid ExecutionId, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record FailExecution(Guid ExecutionId, string Reason, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);

public sealed record CancelExecution(Guid ExecutionId, string CancelledBy, string Reason, DateTimeOffset At) : ExecutionCommand(ExecutionId, At);
