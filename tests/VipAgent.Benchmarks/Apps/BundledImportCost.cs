using System.Diagnostics;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Apps;

/// <summary>
/// What importing the bundled applications adds to a verb, on the real executable: `vip apps list` on a fresh
/// database (first start: the import) and again on the same database (later starts: one catalog read per bundled
/// application), with the import on and off (<c>VipAgent__ImportBundledApplications=false</c>), interleaved.
/// Run: dotnet run -c Release --project tests/VipAgent.Benchmarks -- bundled [rounds]
/// </summary>
public static class BundledImportCost
{
    private static readonly Dictionary<string, string> Off = new() { ["VipAgent__ImportBundledApplications"] = "false" };

    public static async Task RunAsync(int rounds)
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        var dataDir = VipCli.NewDataDir();
        var samples = new Dictionary<string, List<double>>();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (label, environment) in new[] { ("on", (Dictionary<string, string>?)null), ("off", Off) })
                {
                    var database = await postgres.CreateDatabaseAsync("bundled" + label);
                    Add(samples, $"first verb, fresh database, import {label}", await TimeListAsync(database, dataDir, environment));
                    Add(samples, $"later verb, same database, import {label}", await TimeListAsync(database, dataDir, environment));
                }
            }
        }
        finally
        {
            await postgres.DisposeAsync();
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }

        foreach (var (what, times) in samples)
        {
            times.Sort();
            Console.WriteLine($"vip apps list, {what,-40} median {times[times.Count / 2],6:0} ms  min {times[0],6:0} ms  max {times[^1],6:0} ms  (n={times.Count})");
        }
    }

    private static async Task<double> TimeListAsync(string connection, string dataDir, Dictionary<string, string>? environment)
    {
        var clock = Stopwatch.StartNew();
        var run = await VipCli.RunAsync(["apps", "list", "--json", "--connection", connection, "--data-dir", dataDir], environment);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(run.StandardError);
        }

        return elapsed;
    }

    private static void Add(Dictionary<string, List<double>> samples, string what, double milliseconds)
    {
        if (!samples.TryGetValue(what, out var list))
        {
            samples[what] = list = [];
        }

        list.Add(milliseconds);
    }
}
