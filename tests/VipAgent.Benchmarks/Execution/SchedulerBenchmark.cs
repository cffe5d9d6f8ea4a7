using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Host.Scheduling;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Execution;

/// <summary>
/// The scheduler against issue 5's targets, on a private PostgreSQL:
/// (1) a monitor tick over 10,000 active jobs across 100 executions, on a backend that answers at once (the
/// service's own cost: CPU time, database commands, backend calls), and
/// (2) 1,000 trivial local jobs through the full path (plan, dispatch, monitor, collect, every event recorded).
/// Run: <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- scheduler [executions] [jobs-each] [local-jobs]</c>.
/// </summary>
public static class SchedulerBenchmark
{
    private const string Descriptor = """
        {"name":"noop","tool-version":"1","description":"Does nothing.","command-line":"true [N]","schema-version":"0.5",
         "inputs":[{"id":"n","name":"N","type":"Number","integer":true,"value-key":"[N]"}],
         "custom":{"vip:intIteratorInputs":["n"]}}
        """;

    public static async Task RunAsync(string[] args, CancellationToken ct)
    {
        var executions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var jobsEach = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;
        var localJobs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        var folder = Directory.CreateTempSubdirectory("vipagent-bench-scheduler-").FullName;
        try
        {
            Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
            await MonitorTickAsync(await postgres.CreateDatabaseAsync("monitor"), Path.Combine(folder, "monitor"), executions, jobsEach, ct);
            await FullPathAsync(await postgres.CreateDatabaseAsync("fullpath"), Path.Combine(folder, "fullpath"), localJobs, ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await postgres.DisposeAsync();
        }
    }

    private static async Task MonitorTickAsync(string connection, string dataDir, int executions, int jobsEach, CancellationToken ct)
    {
        var backend = new InstantBackend();
        await using var services = Services(connection, dataDir, _ => backend);
        await ImportAsync(services, ct);
        var recorder = services.GetRequiredService<ExecutionRecorder>();
        var seed = Stopwatch.StartNew();
        for (var e = 0; e < executions; e++)
        {
            var id = await PlanAsync(recorder, "bench", jobsEach, ct);
            await recorder.StartAsync(id, [], ct);
            var now = DateTimeOffset.UtcNow;
            await recorder.RecordAllAsync(id, [.. Enumerable.Range(1, jobsEach).Select(j => (ExecutionCommand)new SubmitJob(
                id, new JobSubmission($"job-{j}", "bench", $"b-{e}-{j}", "{}", "true", ["true"], null), now))], ct);
        }

        Console.WriteLine($"seeded {executions} executions x {jobsEach} jobs in {seed.Elapsed.TotalSeconds:0.0} s");
        var scheduler = services.GetRequiredService<RunScheduler>();
        await MeasureTickAsync(scheduler, backend, "first tick (leases taken, plans read, every job Submitted->Running)", ct);
        for (var i = 0; i < 3; i++)
        {
            await MeasureTickAsync(scheduler, backend, $"steady tick {i + 1} ({executions * jobsEach} active jobs, no change)", ct);
        }
    }

    private static async Task MeasureTickAsync(RunScheduler scheduler, InstantBackend backend, string what, CancellationToken ct)
    {
        using var commands = new CommandCounter();
        backend.Polls = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await scheduler.MonitorAsync("bench", null, ct);
        wall.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        ExecutionBenchmarks.Report($"monitor {what}: wall", wall.Elapsed.TotalMilliseconds, "ms", "-");
        ExecutionBenchmarks.Report($"  service CPU", used.TotalMilliseconds, "ms", "< 1000 ms");
        ExecutionBenchmarks.Report($"  database commands / backend polls", commands.Count, $"/{backend.Polls}", "no per-job queries; 1 poll");
    }

    private static async Task FullPathAsync(string connection, string dataDir, int jobs, CancellationToken ct)
    {
        await using var services = Services(connection, dataDir, null);
        await ImportAsync(services, ct);
        var recorder = services.GetRequiredService<ExecutionRecorder>();
        var wall = Stopwatch.StartNew();
        var id = await PlanAsync(recorder, ExecutionBackends.Local, jobs, ct);
        var (execution, _) = await InProcessRun.RunAsync(
            services.GetRequiredService<RunScheduler>(), id, ExecutionBackends.Local, TimeSpan.FromMilliseconds(100), TimeProvider.System, ct);
        wall.Stop();
        ExecutionBenchmarks.Report($"{jobs} trivial local jobs, full path ({execution.Status}, {execution.Jobs.Count(j => j.State == VipAgent.Registry.Executions.JobState.Succeeded)} succeeded)", wall.Elapsed.TotalSeconds, "s", "< 30 s");
    }

    private static ServiceProvider Services(string connection, string dataDir, Func<string, IExecutionBackend>? create)
    {
        Directory.CreateDirectory(dataDir);
        var settings = new HostSettings(dataDir, connection, false, new ConfigurationBuilder().Build());
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddLogging()
            .AddVipRegistry(connection, Path.Combine(dataDir, "keys"))
            .AddVipScheduling(settings, connection, service: false, console: null);
        services.AddSingleton(sp => new BackendSet(settings, TimeProvider.System, service: false, create));
        return services.BuildServiceProvider();
    }

    private static async Task ImportAsync(ServiceProvider services, CancellationToken ct) =>
        await services.GetRequiredService<ApplicationImporter>().ImportJsonAsync("noop.json", Descriptor, "bench", ct);

    private static async Task<Guid> PlanAsync(ExecutionRecorder recorder, string backend, int jobs, CancellationToken ct)
    {
        var plan = new RunPlan
        {
            Application = "noop",
            ToolVersion = "1",
            Backend = backend,
            Jobs = [.. Enumerable.Range(1, jobs).Select(j => new PreparedJob($"job-{j}", new() { ["n"] = j }, [], [], []))],
        };
        var id = await recorder.PlanAsync("noop", "1", backend, plan.ToJson(), "bench", ct);
        await recorder.ApproveAsync(id, "bench", ct);
        await recorder.SubmitAsync(id, "bench", ct);
        return id;
    }

    /// <summary>A backend that answers every poll at once with Running: what is left is the service's own work.</summary>
    private sealed class InstantBackend : IExecutionBackend
    {
        public int Polls { get; set; }

        public string Name => "bench";

        public Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the benchmark seeds its jobs");

        public Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
        {
            Polls++;
            var now = DateTimeOffset.UtcNow;
            return Task.FromResult<IReadOnlyList<JobStatus>>([.. jobs.Select(j => new JobStatus(j.JobId, VipAgent.Execution.JobState.Running, "R", null, null, now))]);
        }

        public Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>Counts the commands Npgsql sends, through its activity source.</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public CommandCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStarted = _ => Interlocked.Increment(ref _count),
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => _count;

        public void Dispose() => _listener.Dispose();
    }
}
