using System.Text.RegularExpressions;

namespace VipAgent.Execution.Slurm;

/// <summary>Parsers for the text Slurm's commands print (squeue, sacct, scontrol).</summary>
public static partial class SlurmText
{
    /// <summary>The squeue format this client asks for: id, long state, reason.</summary>
    public const string SqueueFormat = "%i|%T|%r";

    /// <summary>
    /// Reads <c>squeue -h -o FORMAT</c> output: one job per line, fields split on <c>|</c> in the order of
    /// <paramref name="format"/>, which must hold <c>%i</c> and <c>%T</c> (or <c>%t</c>); <c>%r</c> is read when present.
    /// </summary>
    public static IReadOnlyList<SlurmJobRecord> ParseSqueue(string output, string format = SqueueFormat)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(format);
        var columns = format.Split('|');
        var id = Array.IndexOf(columns, "%i");
        var state = Math.Max(Array.IndexOf(columns, "%T"), Array.IndexOf(columns, "%t"));
        var reason = Array.IndexOf(columns, "%r");
        if (id < 0 || state < 0)
        {
            throw new ArgumentException($"The squeue format '{format}' lacks %i or %T.", nameof(format));
        }

        var jobs = new List<SlurmJobRecord>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < columns.Length)
            {
                throw new FormatException($"Unexpected squeue line '{line}': expected '{format}'.");
            }

            var why = reason >= 0 ? SlurmJobRecord.ReasonOrNull(fields[reason]) : null;
            jobs.Add(new SlurmJobRecord(fields[id], SlurmStates.Normalize(fields[state]), why, null));
        }

        return jobs;
    }

    /// <summary>Reads <c>sacct --parsable2</c> output with its header line (JobID, State and ExitCode columns).</summary>
    public static IReadOnlyList<SlurmJobRecord> ParseSacct(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = lines[0].Split('|');
        var id = Array.IndexOf(header, "JobID");
        var state = Array.IndexOf(header, "State");
        var exit = Array.IndexOf(header, "ExitCode");
        if (id < 0 || state < 0)
        {
            throw new FormatException($"Unexpected sacct header '{lines[0]}': expected JobID and State columns.");
        }

        return lines.Skip(1).Select(line => line.Split('|')).Select(f => new SlurmJobRecord(
            f[id],
            SlurmStates.Normalize(f[state]),
            null,
            exit >= 0 ? SlurmJobRecord.ParseExitSignal(f[exit]) : null)).ToList();
    }

    /// <summary>Reads <c>scontrol show job ID</c> (JobId, JobState, Reason, ExitCode).</summary>
    public static SlurmJobRecord ParseScontrol(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var fields = ScontrolField().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        if (!fields.TryGetValue("JobId", out var id) || !fields.TryGetValue("JobState", out var state))
        {
            throw new FormatException("scontrol printed no JobId and JobState.");
        }

        return new SlurmJobRecord(
            id,
            SlurmStates.Normalize(state),
            SlurmJobRecord.ReasonOrNull(fields.GetValueOrDefault("Reason")),
            SlurmJobRecord.ParseExitSignal(fields.GetValueOrDefault("ExitCode")));
    }

    /// <summary>Whether a Slurm command's error says the ids it was given are unknown (purged or never existed).</summary>
    public static bool IsInvalidJobId(string error) =>
        error.Contains("Invalid job id specified", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?:^|\s)([A-Za-z/:]+)=(\S*)")]
    private static partial Regex ScontrolField();
}
