using System.Diagnostics;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Foundation;

/// <summary>
/// Issue 2 targets, measured on the real executable: `vip serve` until GET /health is 200 on a
/// fresh data folder (target &lt; 3 s) and on an existing one (&lt; 1.5 s); `vip --help` wall time (&lt; 300 ms).
/// Run: dotnet run -c Release --project tests/VipAgent.Benchmarks -- startup [rounds]
/// </summary>
public static class StartupTimes
{
    public static async Task RunAsync(int rounds)
    {
        var fresh = new List<double>();
        var existing = new List<double>();
        var help = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var dataDir = VipCli.NewDataDir();
            try
            {
                fresh.Add(await TimeServeAsync(dataDir));
                existing.Add(await TimeServeAsync(dataDir));
            }
            finally
            {
                Directory.Delete(dataDir, recursive: true);
            }

            var clock = Stopwatch.StartNew();
            var run = await VipCli.RunAsync(["--help"]);
            help.Add(clock.Elapsed.TotalMilliseconds);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException(run.StandardError);
            }
        }

        Report("serve, fresh data folder -> /health 200", fresh, 3000);
        Report("serve, existing data folder -> /health 200", existing, 1500);
        Report("vip --help", help, 300);
    }

    private static async Task<double> TimeServeAsync(string dataDir)
    {
        var clock = Stopwatch.StartNew();
        await using var server = VipServer.Start(dataDir);
        await server.WaitUntilHealthyAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await server.StopAsync();
        return elapsed;
    }

    private static void Report(string what, List<double> samples, double targetMs)
    {
        samples.Sort();
        var median = samples[samples.Count / 2];
        Console.WriteLine($"{what,-45} median {median,7:0} ms  min {samples[0],7:0} ms  max {samples[^1],7:0} ms  (n={samples.Count}, target < {targetMs} ms)");
    }
}
