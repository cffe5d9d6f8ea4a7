using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VipAgent.Benchmarks.Execution;
using VipAgent.Host.Cli;
using VipAgent.Host.Planning;
using VipAgent.Planner.Plans;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Testing;
using VipAgent.Tools.Workflow;

namespace VipAgent.Benchmarks.Planning;

/// <summary>
/// The plan path `vip plan`, `vip run` and the MCP tools share (ExperimentWorkflow.PlanAsync: read the catalog,
/// plan, prepare the jobs, record the plan), on a private PostgreSQL with a catalog of generated applications:
/// the first plan (which reads every descriptor and builds the planner's index), the following ones (planner cached
/// per catalog version), and the first plan after one more application is imported (index rebuilt).
/// Run: <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- workflow [applications] [rounds]</c>.
/// </summary>
public static class WorkflowBenchmark
{
    private static readonly string[] Words =
        ["segments", "registers", "denoises", "resamples", "skull", "cortex", "diffusion", "tractography", "perfusion", "spectra",
         "lesions", "hippocampus", "atlas", "bias", "motion", "fieldmap", "surface", "thickness", "connectome", "dosimetry"];

    public static async Task RunAsync(string[] args, CancellationToken ct)
    {
        var applications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        var folder = Directory.CreateTempSubdirectory("vipagent-bench-workflow-").FullName;
        try
        {
            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            var connection = await postgres.CreateDatabaseAsync("workflow");
            await using var services = Services(connection, folder);
            var importer = services.GetRequiredService<ApplicationImporter>();
            var import = Stopwatch.StartNew();
            for (var i = 0; i < applications; i++)
            {
                await importer.ImportJsonAsync($"tool{i}.json", Generated(i), "bench", ct);
            }

            await importer.ImportJsonAsync("sortlines.json", SortDescriptor, "bench", ct);
            Console.WriteLine($"imported {applications + 1} applications in {import.Elapsed.TotalSeconds:0.0} s");
            var notes = Path.Combine(folder, "notes.txt");
            await File.WriteAllTextAsync(notes, "pear\napple\n", ct);
            var request = new PlanRequest("sort the lines of notes.txt", [notes]);
            var workflow = services.GetRequiredService<IExperimentWorkflow>();

            var first = await TimeAsync(() => workflow.PlanAsync(request, "bench", ct));
            var warm = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                warm.Add(await TimeAsync(() => workflow.PlanAsync(request, "bench", ct)));
            }

            await importer.ImportJsonAsync("extra.json", Generated(applications), "bench", ct);
            var rebuilt = await TimeAsync(() => workflow.PlanAsync(request, "bench", ct));
            warm.Sort();
            ExecutionBenchmarks.Report($"first plan, {applications + 1} apps (index built)", first, "ms", "none; reported");
            ExecutionBenchmarks.Report($"plan p50 over {rounds}, planner cached (incl. record)", warm[warm.Count / 2], "ms", "planner alone: p50 < 50 ms");
            ExecutionBenchmarks.Report($"plan p99 over {rounds}, planner cached (incl. record)", warm[(int)Math.Min(warm.Count - 1, Math.Ceiling(warm.Count * 0.99) - 1)], "ms", "planner alone: p99 < 200 ms");
            ExecutionBenchmarks.Report("first plan after one more import (index rebuilt)", rebuilt, "ms", "none; reported");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await postgres.DisposeAsync();
        }
    }

    private static async Task<double> TimeAsync(Func<Task<PlannedExperiment>> plan)
    {
        var watch = Stopwatch.StartNew();
        var planned = await plan();
        watch.Stop();
        return planned.PlanId is null
            ? throw new InvalidOperationException($"expected a plan, got {planned.Plan.Outcome}: {planned.Plan.Reason}")
            : watch.Elapsed.TotalMilliseconds;
    }

    private static ServiceProvider Services(string connection, string dataDir)
    {
        var settings = new HostSettings(dataDir, connection, false, new ConfigurationBuilder().Build());
        return new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddLogging()
            .AddVipRegistry(connection, Path.Combine(dataDir, "keys"))
            .AddVipPlanning(settings)
            .BuildServiceProvider();
    }

    private static string Generated(int i) => $$"""
        {"name":"tool{{i}}","tool-version":"1.{{i % 7}}","schema-version":"0.5",
         "description":"{{Words[i % Words.Length]}} {{Words[(i * 7 + 3) % Words.Length]}} {{Words[(i * 13 + 5) % Words.Length]}} volumes, variant {{i}}.",
         "command-line":"true [IN] [LEVEL]",
         "inputs":[{"id":"in","name":"Input volume","type":"File","value-key":"[IN]"},
                   {"id":"level","name":"Level","type":"Number","optional":true,"value-key":"[LEVEL]"}]}
        """;

    private const string SortDescriptor = """
        {"name":"sortlines","tool-version":"1.0","schema-version":"0.5","description":"Sorts the lines of a text file alphabetically.",
         "command-line":"sort [TEXT] -o [SORTED]",
         "inputs":[{"id":"text","name":"Text file","type":"File","value-key":"[TEXT]"}],
         "output-files":[{"id":"sorted","name":"Sorted lines","path-template":"sorted.txt","value-key":"[SORTED]"}]}
        """;
}
