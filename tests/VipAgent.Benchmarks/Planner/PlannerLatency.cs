using System.Diagnostics;
using System.Globalization;
using VipAgent.Evals;
using VipAgent.Evals.Cases;
using VipAgent.Planner;
using VipAgent.Planner.Retrieval;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Planner;

/// <summary>
/// Issue 8 latency target: with 1,000 applications, plan p50 under 50 ms and p99 under 200 ms, excluding the one-time
/// index build. <c>-- planner [lexical|hybrid]... [SIZE]... [--rounds N]</c> (default: both modes, 100 1000 10000, 3
/// rounds): for each mode and catalog size (variants of the evals catalog, <see cref="CatalogVariants"/>), the index
/// build time, then every public eval goal planned once to warm up and N times measured.
/// </summary>
public static class PlannerLatency
{
    /// <summary>Runs the measurement and prints one line per mode and size.</summary>
    public static void Run(IReadOnlyList<string> args)
    {
        var shared = SharedData.Root ?? throw new InvalidOperationException("../shared is needed (descriptors and evals/cases.jsonl); set VIPAGENT_SHARED");
        var (modes, sizes, rounds) = (new List<RetrievalMode>(), new List<int>(), 3);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Count)
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (int.TryParse(args[i], CultureInfo.InvariantCulture, out var size))
            {
                sizes.Add(size);
            }
            else
            {
                modes.Add(Enum.Parse<RetrievalMode>(args[i], ignoreCase: true));
            }
        }

        var originals = EvalCatalog.Load(shared);
        var requests = EvalCase.ReadAll(Path.Combine(shared, "evals", "cases.jsonl")).Select(c => c.Request).ToList();
        Console.WriteLine($"planner latency: {requests.Count} goals of the public evals, {rounds} measured rounds, {Environment.ProcessorCount} cores");
        foreach (var mode in modes.Count > 0 ? modes : [RetrievalMode.Lexical, RetrievalMode.Hybrid])
        {
            foreach (var size in sizes.Count > 0 ? sizes : [100, 1_000, 10_000])
            {
                var descriptors = CatalogVariants.Build(originals, size);
                var build = Stopwatch.StartNew();
                var planner = OfflinePlanner.FromDescriptors(descriptors, mode);
                build.Stop();
                foreach (var request in requests)
                {
                    planner.Plan(request);
                }

                var times = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var request in requests)
                    {
                        var watch = Stopwatch.StartNew();
                        planner.Plan(request);
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode,-8} {size,6} apps: index build {build.Elapsed.TotalSeconds,7:0.00} s, plan p50 {Percentile(times, 0.50),7:0.0} ms, p99 {Percentile(times, 0.99),7:0.0} ms, max {times[^1],7:0.0} ms ({times.Count} plans)"));
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
