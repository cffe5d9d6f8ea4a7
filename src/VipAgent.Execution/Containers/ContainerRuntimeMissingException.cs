namespace VipAgent.Execution.Containers;

/// <summary>A job names a container image but no container runtime is available to run it.</summary>
public sealed class ContainerRuntimeMissingException : InvalidOperationException
{
    public ContainerRuntimeMissingException()
    {
    }

    public ContainerRuntimeMissingException(string message)
        : base(message)
    {
    }

    public ContainerRuntimeMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ContainerRuntimeMissingException(string jobId, string image)
        : base($"Job {jobId} needs the container image '{image}' but no container runtime "
            + $"({string.Join(", ", ContainerRuntime.Known)}) is available (on PATH for local, configured for Slurm): "
            + "install or configure one, or run it on the host with no-container.")
    {
    }
}
