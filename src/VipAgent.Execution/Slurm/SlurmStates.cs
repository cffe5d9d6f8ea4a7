namespace VipAgent.Execution.Slurm;

/// <summary>Every Slurm job state (squeue <c>%T</c>, sacct <c>State</c>) mapped onto the common lifecycle.</summary>
public static class SlurmStates
{
    private static readonly Dictionary<string, JobState> Map = new(StringComparer.Ordinal)
    {
        ["PENDING"] = JobState.Queued,
        ["CONFIGURING"] = JobState.Queued,
        ["REQUEUED"] = JobState.Queued,
        ["REQUEUE_HOLD"] = JobState.Queued,
        ["REQUEUE_FED"] = JobState.Queued,
        ["RESV_DEL_HOLD"] = JobState.Queued,
        ["RUNNING"] = JobState.Running,
        ["COMPLETING"] = JobState.Running,
        ["SUSPENDED"] = JobState.Running,
        ["STOPPED"] = JobState.Running,
        ["SIGNALING"] = JobState.Running,
        ["STAGE_OUT"] = JobState.Running,
        ["RESIZING"] = JobState.Running,
        ["COMPLETED"] = JobState.Completed,
        ["FAILED"] = JobState.Failed,
        ["TIMEOUT"] = JobState.Failed,
        ["NODE_FAIL"] = JobState.Failed,
        ["OUT_OF_MEMORY"] = JobState.Failed,
        ["PREEMPTED"] = JobState.Failed,
        ["BOOT_FAIL"] = JobState.Failed,
        ["DEADLINE"] = JobState.Failed,
        ["SPECIAL_EXIT"] = JobState.Failed,
        ["CANCELLED"] = JobState.Cancelled,
        ["REVOKED"] = JobState.Cancelled,
    };

    /// <summary>The short codes squeue prints with <c>%t</c>, and their long names.</summary>
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["PD"] = "PENDING",
        ["CF"] = "CONFIGURING",
        ["RQ"] = "REQUEUED",
        ["RH"] = "REQUEUE_HOLD",
        ["RF"] = "REQUEUE_FED",
        ["RD"] = "RESV_DEL_HOLD",
        ["R"] = "RUNNING",
        ["CG"] = "COMPLETING",
        ["S"] = "SUSPENDED",
        ["ST"] = "STOPPED",
        ["SI"] = "SIGNALING",
        ["SO"] = "STAGE_OUT",
        ["RS"] = "RESIZING",
        ["CD"] = "COMPLETED",
        ["F"] = "FAILED",
        ["TO"] = "TIMEOUT",
        ["NF"] = "NODE_FAIL",
        ["OOM"] = "OUT_OF_MEMORY",
        ["PR"] = "PREEMPTED",
        ["BF"] = "BOOT_FAIL",
        ["DL"] = "DEADLINE",
        ["SE"] = "SPECIAL_EXIT",
        ["CA"] = "CANCELLED",
        ["RV"] = "REVOKED",
    };

    /// <summary>Slurm's state as its long name, without decorations such as <c>CANCELLED by 1000</c> or <c>CANCELLED+</c>.</summary>
    public static string Normalize(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var name = state.Trim().Split(' ', 2)[0].TrimEnd('+').ToUpperInvariant();
        return ShortNames.GetValueOrDefault(name, name);
    }

    /// <summary>The common state of a Slurm state; an unknown state is Stalled (nobody can tell).</summary>
    public static JobState ToJobState(string state) => Map.GetValueOrDefault(Normalize(state), JobState.Stalled);

    /// <summary>Whether Slurm will not change this state any more.</summary>
    public static bool IsTerminal(string state) =>
        ToJobState(state) is JobState.Completed or JobState.Failed or JobState.Cancelled;
}
