namespace VipAgent.Execution;

/// <summary>
/// What a backend said about one job at one moment: the common <see cref="State"/>, and the backend's own
/// words (<see cref="BackendState"/>, <see cref="Reason"/>) and exit code as detail.
/// </summary>
/// <param name="JobId">The caller's job id.</param>
/// <param name="State">The common lifecycle state.</param>
/// <param name="BackendState">The backend's own state name, e.g. <c>PENDING</c>, <c>TIMEOUT</c>, <c>OUT_OF_MEMORY</c>.</param>
/// <param name="Reason">Why, in the backend's words (Slurm's reason, a timeout message), when there is one.</param>
/// <param name="ExitCode">The command's exit code once known.</param>
/// <param name="ObservedAt">When the backend was asked.</param>
public sealed record JobStatus(
    string JobId, JobState State, string BackendState, string? Reason, int? ExitCode, DateTimeOffset ObservedAt)
{
    /// <summary>The name backends give a job killed for exceeding its wall time.</summary>
    public const string TimeoutState = "TIMEOUT";

    /// <summary>Whether the job will not change state any more (stalled jobs may still be resubmitted by policy).</summary>
    public bool IsFinal => State is JobState.Completed or JobState.Failed or JobState.Cancelled;

    /// <summary>Whether the job was killed because it ran past its wall time.</summary>
    public bool TimedOut => BackendState == TimeoutState;
}
