using System.Globalization;
using System.Runtime.InteropServices;

namespace VipAgent.Execution.Local;

/// <summary>
/// A job's process session as recorded in <c>.vip/pid</c>: the session leader's pid and its start time
/// (from <c>/proc</c>), so that a later process can tell the job still runs (and not a new process that
/// reused the pid) and kill its whole process group.
/// </summary>
internal sealed partial record ProcessGroup(int Pid, long StartTicks)
{
    private const int SigKill = 9;

    public static string PathIn(string workingDirectory) => Path.Combine(workingDirectory, JobFiles.Folder, "pid");

    /// <summary>Records the session of <paramref name="pid"/>; null when the process is already gone.</summary>
    public static ProcessGroup? Record(string workingDirectory, int pid)
    {
        if (StartTicksOf(pid) is not { } ticks)
        {
            return null;
        }

        var group = new ProcessGroup(pid, ticks);
        AtomicFile.Write(PathIn(workingDirectory), string.Create(CultureInfo.InvariantCulture, $"{pid} {ticks}\n"));
        return group;
    }

    public static ProcessGroup? Read(string workingDirectory)
    {
        var parts = AtomicFile.Read(PathIn(workingDirectory))?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts is [var pid, var ticks]
            && int.TryParse(pid, CultureInfo.InvariantCulture, out var p)
            && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t)
            ? new ProcessGroup(p, t)
            : null;
    }

    /// <summary>When the job was started, as the pid file's time says.</summary>
    public static DateTimeOffset? StartedAt(string workingDirectory)
    {
        var info = new FileInfo(PathIn(workingDirectory));
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    /// <summary>Whether the recorded session leader still runs (same pid, same start time).</summary>
    public bool IsAlive => StartTicksOf(Pid) == StartTicks;

    /// <summary>Kills every process of the job's group (its session), descendants included.</summary>
    public void Kill()
    {
        if (IsAlive)
        {
            _ = KillSystemCall(-Pid, SigKill);
        }
    }

    /// <summary>Field 22 of <c>/proc/PID/stat</c> (start time in clock ticks), or null when there is no such process.</summary>
    private static long? StartTicksOf(int pid)
    {
        var stat = AtomicFile.Read($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        if (stat is null)
        {
            return null;
        }

        // the command name (field 2) may hold spaces and parentheses: count fields after its closing ')'
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && fields[0] != "Z" && long.TryParse(fields[19], CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillSystemCall(int pid, int signal);
}
