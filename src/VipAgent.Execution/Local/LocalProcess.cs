using System.Diagnostics;
using System.Globalization;

namespace VipAgent.Execution.Local;

/// <summary>
/// Starts one job in a session of its own (<c>setsid</c>) under a fixed supervisor shell that sends its output to
/// <c>.vip/stdout.log</c> and <c>.vip/stderr.log</c> and writes <c>.vip/exit-code</c> when the command ends. The job
/// outlives the process that started it (a service killed and restarted finds it by <c>.vip/pid</c>), and wall
/// time and cancellation kill its whole process group.
/// </summary>
internal static class LocalProcess
{
    /// <summary>
    /// The supervisor's script. It is a constant: the job's argv reaches it only as positional parameters and is
    /// run as <c>"$@"</c>, so no shell ever parses a user value.
    /// </summary>
    private const string Supervisor =
        "out=$1; err=$2; code=$3; shift 3; exec </dev/null >\"$out\" 2>\"$err\"; "
        + "\"$@\"; c=$?; printf '%s\\n' \"$c\" >\"$code.tmp\" && mv -f \"$code.tmp\" \"$code\"";

    /// <summary>The marker a kill leaves, naming why (<c>TIMEOUT</c> or <c>CANCELLED</c>): a killed job writes no exit code.</summary>
    public static string EndedMarker(string workingDirectory) => Path.Combine(workingDirectory, JobFiles.Folder, "ended");

    /// <summary>Runs the job until it ends; when <paramref name="detach"/> fires first, returns null and leaves it running.</summary>
    public static async Task<JobStatus?> RunAsync(LocalJob job, LaunchRecord launch, TimeProvider time, CancellationToken detach)
    {
        var jobId = job.Handle.JobId;
        var folder = job.Handle.WorkingDirectory;
        job.Cancellation.Token.ThrowIfCancellationRequested();
        if (ProgramPath.Find(launch.Argv[0], launch.Environment, folder) is null)
        {
            return new JobStatus(jobId, JobState.Failed, "FAILED_TO_START",
                $"'{launch.Argv[0]}' was not found or is not executable (PATH and the job's folder were searched)", null, time.GetUtcNow());
        }

        File.Delete(JobFiles.ExitCode(folder));
        File.Delete(EndedMarker(folder));
        var start = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "setsid") { UseShellExecute = false, WorkingDirectory = folder };
        foreach (var argument in (string[])["/bin/sh", "-c", Supervisor, "vip-job", JobFiles.StandardOutput(folder), JobFiles.StandardError(folder), JobFiles.ExitCode(folder), .. launch.Argv])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in launch.Environment)
        {
            start.Environment[key] = value;
        }

        using var wallTime = launch.WallTime is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(wallTime.Token, job.Cancellation.Token);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{launch.Argv[0]}'.");
        var group = ProcessGroup.Record(folder, process.Id);
        job.Status = job.Status with { State = JobState.Running, BackendState = "RUNNING", ObservedAt = time.GetUtcNow() };

        try
        {
            await process.WaitForExitAsync(stop.Token).WaitAsync(detach);
        }
        catch (OperationCanceledException) when (detach.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            var why = job.Cancellation.IsCancellationRequested ? "CANCELLED" : JobStatus.TimeoutState;
            AtomicFile.Write(EndedMarker(folder), why + "\n");
            group?.Kill();
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        return ReadEnd(jobId, folder, launch.WallTime, time.GetUtcNow())
            ?? new JobStatus(jobId, JobState.Failed, "KILLED",
                string.Create(CultureInfo.InvariantCulture, $"the job's supervisor ended without an exit code (status {process.ExitCode}): killed by a signal?"), null, time.GetUtcNow());
    }

    /// <summary>How a job ended, from the files it left (exit code, or the marker of a kill); null when it has not ended.</summary>
    public static JobStatus? ReadEnd(string jobId, string folder, TimeSpan? wallTime, DateTimeOffset now)
    {
        var marker = AtomicFile.Read(EndedMarker(folder))?.Trim();
        if (marker == JobStatus.TimeoutState)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"wall time of {wallTime} exceeded; its process tree was killed");
            return new JobStatus(jobId, JobState.Failed, JobStatus.TimeoutState, reason, null, now);
        }

        if (marker == "CANCELLED")
        {
            return new JobStatus(jobId, JobState.Cancelled, "CANCELLED", "cancelled on request; its process tree was killed", null, now);
        }

        return JobFiles.ReadExitCode(folder) switch
        {
            null => null,
            0 => new JobStatus(jobId, JobState.Completed, "COMPLETED", null, 0, now),
            var code => new JobStatus(jobId, JobState.Failed, "FAILED", "non-zero exit code", code, now),
        };
    }
}
