using VipAgent.Execution.Files;

namespace VipAgent.Execution;

/// <summary>A place jobs run: this machine, a Slurm cluster, a grid. Every call handles many jobs at once.</summary>
public interface IExecutionBackend
{
    /// <summary>The backend's name as users write it (<c>local</c>, <c>slurm</c>).</summary>
    string Name { get; }

    /// <summary>Submits a batch of jobs; returns one handle per job, in the same order.</summary>
    Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken);

    /// <summary>The status of every given job, asked of the backend in one call; one status per job.</summary>
    Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken);

    /// <summary>Asks the backend to stop these jobs; their status becomes Cancelled.</summary>
    Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken);

    /// <summary>Hashes a finished job's expected outputs into the content store and lists them.</summary>
    Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken);
}
