using System.Diagnostics;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;

namespace VipAgent.Benchmarks.Execution;

/// <summary>Local backend: per-job overhead over a bare process start, and 1,000 trivial jobs.</summary>
internal static class LocalBenchmark
{
    private const int Serial = 300;
    private const int Batch = 1000;

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(ExecutionBenchmarks.Folder, "vipagent-bench-local-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            await BarePerJobAsync(10, cancellationToken);
            var bare = await BarePerJobAsync(Serial, cancellationToken);
            var redirected = await RedirectedPerJobAsync(root, Serial, cancellationToken);
            await BackendPerJobAsync(root, "warm", 10, 1, cancellationToken);
            var serial = await BackendPerJobAsync(root, "serial", Serial, 1, cancellationToken);
            ExecutionBenchmarks.Report($"bare Process.Start /bin/true, per job ({Serial} in a row)", bare.TotalMilliseconds / Serial, "ms", "baseline");
            ExecutionBenchmarks.Report($"Process.Start /bin/true, output copied to 2 files, per job", redirected.TotalMilliseconds / Serial, "ms", "for comparison");
            ExecutionBenchmarks.Report($"LocalBackend /bin/true, per job ({Serial}, concurrency 1)", serial.TotalMilliseconds / Serial, "ms", "baseline + < 10 ms");
            ExecutionBenchmarks.Report("  overhead per job", (serial - bare).TotalMilliseconds / Serial, "ms", "< 10 ms");
            var batch = await BackendPerJobAsync(root, "batch", Batch, Environment.ProcessorCount, cancellationToken);
            ExecutionBenchmarks.Report($"LocalBackend {Batch} trivial jobs, concurrency {Environment.ProcessorCount}", batch.TotalSeconds, "s", "< 30 s full path");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<TimeSpan> BarePerJobAsync(int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
            await process.WaitForExitAsync(cancellationToken);
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> RedirectedPerJobAsync(string root, int count, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "redirected")).FullName;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("/bin/true") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            await using var stdout = File.Create(Path.Combine(folder, "out"));
            await using var stderr = File.Create(Path.Combine(folder, "err"));
            await Task.WhenAll(
                process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken),
                process.StandardError.BaseStream.CopyToAsync(stderr, cancellationToken),
                process.WaitForExitAsync(cancellationToken));
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> BackendPerJobAsync(
        string root, string name, int count, int concurrency, CancellationToken cancellationToken)
    {
        await using var backend = new LocalBackend(
            new LocalBackendOptions { MaxConcurrency = concurrency }, new ContentStore(Path.Combine(root, "store")), TimeProvider.System);
        var specs = Enumerable.Range(0, count)
            .Select(i => new JobSpec($"{name}-{i}", Path.Combine(root, name, i.ToString("D5", null)), JobCommand.FromArgv("/bin/true")))
            .ToList();
        var clock = Stopwatch.StartNew();
        var handles = await backend.SubmitAsync(specs, cancellationToken);
        while (true)
        {
            var statuses = await backend.PollAsync(handles, cancellationToken);
            if (statuses.All(s => s.IsFinal))
            {
                if (statuses.Any(s => s.State != JobState.Completed))
                {
                    throw new InvalidOperationException("A benchmark job did not complete: " + statuses.First(s => s.State != JobState.Completed));
                }

                return clock.Elapsed;
            }

            await Task.Delay(1, cancellationToken);
        }
    }
}
