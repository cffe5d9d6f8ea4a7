using System.Diagnostics;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Slurm;

namespace VipAgent.Benchmarks.Execution;

/// <summary>Slurm backend: a 1,000-job batch submitted as one array, then polled with one squeue call.</summary>
internal static class SlurmBenchmark
{
    private const int Count = 1000;

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(ExecutionBenchmarks.Folder, "vipagent-bench-slurm-" + Guid.NewGuid().ToString("n")[..8]);
        var backend = new SlurmBackend(new SlurmBackendOptions(root), new ContentStore(Path.Combine(root, "store")), TimeProvider.System);
        var specs = Enumerable.Range(0, Count)
            .Select(i => new JobSpec($"bench-{i}", Path.Combine(root, "jobs", i.ToString("D5", null)), JobCommand.FromArgv("/bin/true")))
            .ToList();
        IReadOnlyList<SubmittedJob> handles = [];
        try
        {
            var clock = Stopwatch.StartNew();
            handles = await backend.SubmitAsync(specs, cancellationToken);
            var submit = clock.Elapsed;
            var arrays = handles.Select(h => h.BackendJobId.Split('_')[0]).Distinct().Count();
            clock.Restart();
            var statuses = await backend.PollAsync(handles, cancellationToken);
            var poll = clock.Elapsed;
            ExecutionBenchmarks.Report($"Slurm submit {Count} jobs ({arrays} sbatch --array call)", submit.TotalSeconds, "s", "< 2 s");
            ExecutionBenchmarks.Report($"Slurm poll {Count} jobs (one squeue call)", poll.TotalMilliseconds, "ms", "one call");
            var states = statuses.GroupBy(s => s.State).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine("  states at first poll: " + string.Join(", ", states));
        }
        finally
        {
            await backend.CancelAsync(handles, cancellationToken);
            Directory.Delete(root, recursive: true);
        }
    }
}
