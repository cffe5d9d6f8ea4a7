namespace VipAgent.Execution.Local;

/// <summary>Settings of the local backend.</summary>
public sealed record LocalBackendOptions
{
    /// <summary>How many jobs run at once; the rest wait Queued. Default: the machine's cores.</summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>The container runtime to use (a name or a path); null: the first of podman, docker, apptainer, singularity on PATH.</summary>
    public string? ContainerRuntime { get; init; }

    /// <summary>
    /// Whether disposing the backend kills the jobs it started (true: a command that waits for its own jobs).
    /// The service sets false: its jobs keep running across a restart and the next backend adopts them.
    /// </summary>
    public bool StopJobsOnDispose { get; init; } = true;
}
