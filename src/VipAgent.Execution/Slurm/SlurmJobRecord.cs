namespace VipAgent.Execution.Slurm;

/// <summary>One job as a Slurm command printed it.</summary>
/// <param name="JobId">Slurm's id: <c>12</c>, or <c>12_3</c> for task 3 of array 12.</param>
/// <param name="State">Slurm's state, long name (<see cref="SlurmStates.Normalize"/>).</param>
/// <param name="Reason">Slurm's reason, null when <c>None</c>.</param>
/// <param name="ExitCode">The exit code when the command says it (a signal <c>s</c> gives 128 + s).</param>
public sealed record SlurmJobRecord(string JobId, string State, string? Reason, int? ExitCode)
{
    internal static string? ReasonOrNull(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason is "None" or "(null)" ? null : reason.Trim();

    /// <summary>Reads Slurm's <c>exit:signal</c> (<c>3:0</c>, <c>0:15</c>).</summary>
    internal static int? ParseExitSignal(string? text)
    {
        var parts = (text ?? "").Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var exit) || !int.TryParse(parts[1], out var signal))
        {
            return null;
        }

        return signal != 0 ? 128 + signal : exit;
    }

    /// <summary>Reads a raw wait status (squeue --json 22.05: exit 3 is 768, SIGTERM is 15).</summary>
    internal static int FromWaitStatus(int status) => (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
}
