using System.Diagnostics;
using System.Globalization;

namespace VipAgent.Execution.Local;

/// <summary>Starts one job's process, captures its output to files, and enforces wall time and cancellation.</summary>
internal static class LocalProcess
{
    public static async Task<JobStatus> RunAsync(
        LocalJob job,
        IReadOnlyList<string> argv,
        IReadOnlyDictionary<string, string> runtimeEnvironment,
        LocalBackendOptions options,
        TimeProvider time)
    {
        var spec = job.Spec;
        var folder = spec.WorkingDirectory;
        Directory.CreateDirectory(Path.Combine(folder, JobFiles.Folder));
        File.Delete(JobFiles.ExitCode(folder));
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        var environment = spec.UsesContainer ? runtimeEnvironment : spec.Environment;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var wallTime = spec.WallTime is { } limit
            ? new CancellationTokenSource(limit, time)
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(wallTime.Token, job.Cancellation.Token);
        job.Cancellation.Token.ThrowIfCancellationRequested();

        await using var stdout = new FileStream(JobFiles.StandardOutput(folder), FileMode.Create, FileAccess.Write, FileShare.Read);
        await using var stderr = new FileStream(JobFiles.StandardError(folder), FileMode.Create, FileAccess.Write, FileShare.Read);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start '{argv[0]}'.");
        job.Status = job.Status with { State = JobState.Running, BackendState = "RUNNING", ObservedAt = time.GetUtcNow() };
        process.StandardInput.Close();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
        var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);

        var killed = false;
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        // Descendants left behind may keep the pipes open: do not wait for them forever.
        var drained = Task.WhenAll(copyOut, copyErr);
        if (!drained.IsCompleted)
        {
            await Task.WhenAny(drained, Task.Delay(options.OutputDrainGrace, time, CancellationToken.None));
        }

        var now = time.GetUtcNow();
        if (killed && job.Cancellation.IsCancellationRequested)
        {
            return new JobStatus(spec.JobId, JobState.Cancelled, "CANCELLED", "cancelled on request; its process tree was killed", null, now);
        }

        if (killed)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"wall time of {spec.WallTime} exceeded; its process tree was killed");
            return new JobStatus(spec.JobId, JobState.Failed, JobStatus.TimeoutState, reason, null, now);
        }

        var exitCode = process.ExitCode;
        File.WriteAllText(JobFiles.ExitCode(folder), exitCode.ToString(CultureInfo.InvariantCulture) + "\n");
        return exitCode == 0
            ? new JobStatus(spec.JobId, JobState.Completed, "COMPLETED", null, 0, now)
            : new JobStatus(spec.JobId, JobState.Failed, "FAILED", "non-zero exit code", exitCode, now);
    }
}
