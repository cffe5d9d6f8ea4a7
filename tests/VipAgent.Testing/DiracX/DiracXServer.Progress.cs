using System.Diagnostics;
using System.Formats.Tar;
using VipAgent.Execution.Dirac;
using VipAgent.Execution.Files;

namespace VipAgent.Testing.DiracX;

/// <summary>
/// How jobs move, one step per tick: Submitting → Received → Checking → Waiting → Matched (a site) → Running (the
/// executable runs from the unpacked input sandbox) → Completing (output sandbox packed) → Done or Failed.
/// </summary>
public sealed partial class DiracXServer
{
    private int _siteTurn;

    /// <summary>Changes a job's status and stops its process when it leaves Running for good.</summary>
    private void Move(DiracXJob job, string status, string minorStatus)
    {
        if (status is "Killed" or "Deleted" or "Stalled" or "Received" or "Failed" && job.Execution is not null)
        {
            job.Kill?.Cancel();
            job.Execution = null;
        }

        job.Status = status;
        job.MinorStatus = minorStatus;
        job.LastUpdateTime = Options.Time.GetUtcNow();
    }

    private void Progress(DiracXJob job)
    {
        switch (job.Status)
        {
            case "Submitting":
                Move(job, "Received", "Job accepted");
                break;
            case "Received":
                Move(job, "Checking", "JobSanity");
                break;
            case "Checking":
                Move(job, "Waiting", "Pilot Agent Submission");
                break;
            case "Waiting" when PickSite(job) is { } site:
                job.Site = site;
                Move(job, "Matched", "Assigned");
                break;
            case "Matched" when job.Site == Faults.FailingSite:
                Move(job, "Failed", "Job failed at its site (injected fault)");
                break;
            case "Matched":
                Move(job, "Running", "Application");
                job.Execution = Options.RunExecutables ? Start(job) : Task.FromResult(0);
                break;
            case "Running" when Faults.StallRunningJobs:
                Move(job, "Stalled", "Watchdog identified this job as stalled");
                break;
            case "Running" when job.Execution is { IsCompleted: true } run:
                var code = run.IsCompletedSuccessfully ? run.Result : -1;
                job.ApplicationStatus = code == 0 ? "Application Finished Successfully" : $"Application Finished With Errors (exit {code})";
                if (Options.RunExecutables)
                {
                    job.OutputSandboxes.Add(StoreSandbox(job.Owner, PackOutputs(job)));
                }

                Move(job, "Completing", code == 0 ? "Execution Complete" : "Application Finished With Errors");
                break;
            case "Completing":
                var ok = job.ApplicationStatus.StartsWith("Application Finished Successfully", StringComparison.Ordinal);
                job.Execution = null;
                Move(job, ok ? "Done" : "Failed", ok ? "Execution Complete" : "Application Finished With Errors");
                break;
            default:
                break;
        }
    }

    private string? PickSite(DiracXJob job)
    {
        var wanted = job.Jdl.TryGetValue("Site", out var s) ? ClassAd.Strings(s).Where(x => x != "ANY").ToList() : [];
        var banned = job.Jdl.TryGetValue("BannedSite", out var b) ? ClassAd.Strings(b) : [];
        var candidates = (wanted.Count > 0 ? wanted.Intersect(Options.Sites) : Options.Sites).Except(banned).ToList();
        return candidates.Count == 0 ? null : candidates[_siteTurn++ % candidates.Count];
    }

    private string Folder(DiracXJob job) => Path.Combine(_work, job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Unpacks the input sandboxes into a fresh folder and runs the executable there, as a pilot would.</summary>
    private Task<int> Start(DiracXJob job)
    {
        var folder = Folder(job);
        var kill = new CancellationTokenSource();
        job.Kill = kill;
        var sandboxes = job.Jdl.TryGetValue("InputSandbox", out var box)
            ? ClassAd.Strings(box).Where(_sandboxes.ContainsKey).Select(p => _sandboxes[p]).ToList()
            : [];
        var executable = job.Attribute("Executable")!;
        var stdout = job.Attribute("StdOutput") ?? "std.out";
        var stderr = job.Attribute("StdError") ?? "std.err";
        return Task.Run(async () =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            foreach (var sandbox in sandboxes)
            {
                await DiracSandbox.UnpackAsync(sandbox, folder, kill.Token);
            }

            var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(PathGuard.Resolve(folder, executable));
            using var process = Process.Start(start)!;
            process.StandardInput.Close(); // a grid job has no terminal; it must not read the test process's stdin
            var output = process.StandardOutput.ReadToEndAsync(kill.Token);
            var error = process.StandardError.ReadToEndAsync(kill.Token);
            try
            {
                await process.WaitForExitAsync(kill.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await File.WriteAllTextAsync(PathGuard.Resolve(folder, stdout), await output, CancellationToken.None);
            await File.WriteAllTextAsync(PathGuard.Resolve(folder, stderr), await error, CancellationToken.None);
            return process.ExitCode;
        });
    }

    /// <summary>The job's OutputSandbox files that exist, as tar + zstd.</summary>
    private byte[] PackOutputs(DiracXJob job)
    {
        var folder = Folder(job);
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var names = job.Jdl.TryGetValue("OutputSandbox", out var o) ? ClassAd.Strings(o) : [];
            foreach (var name in names)
            {
                var path = PathGuard.Resolve(folder, name);
                if (File.Exists(path))
                {
                    writer.WriteEntry(path, name);
                }
            }
        }

        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(tar.ToArray()).ToArray();
    }
}
