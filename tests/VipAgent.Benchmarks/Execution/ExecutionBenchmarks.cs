using System.Globalization;

namespace VipAgent.Benchmarks.Execution;

/// <summary>
/// Stopwatch measurements of the execution backends against issue 5's targets. Run:
/// <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- execution [local] [slurm]</c>
/// (both when none is named; Slurm must be running: <c>tests/slurm/start.sh</c>). Job folders go to the temp folder,
/// or to <c>VIPAGENT_BENCH_DIR</c> (e.g. <c>/dev/shm</c> to leave the disk's metadata cost out).
/// </summary>
public static class ExecutionBenchmarks
{
    internal static string Folder { get; } = Environment.GetEnvironmentVariable("VIPAGENT_BENCH_DIR") is { Length: > 0 } dir
        ? dir
        : Path.GetTempPath();

    public static async Task RunAsync(string[] which, CancellationToken cancellationToken)
    {
        Console.WriteLine($"job folders under {Folder}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
        var all = which.Length == 0;
        if (all || which.Contains("local"))
        {
            await LocalBenchmark.RunAsync(cancellationToken);
        }

        if (all || which.Contains("slurm"))
        {
            await SlurmBenchmark.RunAsync(cancellationToken);
        }
    }

    internal static void Report(string measure, double value, string unit, string target) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{measure,-58} {value,10:0.00} {unit,-4} (target {target})"));
}
