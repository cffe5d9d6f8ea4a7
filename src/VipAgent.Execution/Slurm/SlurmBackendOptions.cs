namespace VipAgent.Execution.Slurm;

/// <summary>Settings of the Slurm backend.</summary>
/// <param name="SharedWorkingDirectory">
/// A folder every node sees at the same path (absolute). Job working folders must lie inside it; the array
/// scripts and Slurm's own logs go to its <c>.vip-slurm/</c> folder.
/// </param>
public sealed record SlurmBackendOptions(string SharedWorkingDirectory)
{
    /// <summary>The partition (<c>--partition</c>); null: the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>The account to charge (<c>--account</c>); null: the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>Further <c>#SBATCH</c> lines written as they are into every batch script (e.g. <c>#SBATCH --mem=2G</c>).</summary>
    public IReadOnlyList<string> ExtraSbatchLines { get; init; } = [];

    /// <summary>The container runtime on the compute nodes (apptainer, singularity, podman, docker, or a path); null: none.</summary>
    public string? ContainerRuntime { get; init; }

    /// <summary>The most tasks in one <c>sbatch --array</c> (Slurm's MaxArraySize is 1001 by default).</summary>
    public int MaxArraySize { get; init; } = 1000;

    /// <summary>The folder holding sbatch, squeue and scancel; null: found on PATH.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>How long one Slurm command may take before it counts as failed.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
