namespace VipAgent.Execution.Slurm;

/// <summary>A Slurm command failed; the message holds what it printed.</summary>
public sealed class SlurmException : Exception
{
    public SlurmException()
    {
    }

    public SlurmException(string message)
        : base(message)
    {
    }

    public SlurmException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
