namespace VipAgent.Execution.Local;

/// <summary>Settings of the local backend.</summary>
public sealed record LocalBackendOptions
{
    /// <summary>How many jobs run at once; the rest wait Queued. Default: the machine's cores.</summary>
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>The container runtime to use (a name or a path); null: the first of podman, docker, apptainer, singularity on PATH.</summary>
    public string? ContainerRuntime { get; init; }

    /// <summary>How long to wait, once a job's process has exited, for descendants still holding its output open.</summary>
    public TimeSpan OutputDrainGrace { get; init; } = TimeSpan.FromSeconds(2);
}
