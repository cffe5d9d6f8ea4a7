using Quartz;
using VipAgent.Execution.Onnx;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Host.Registry;
using VipAgent.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// The service's Quartz.NET scheduler on the PostgreSQL job store (schema created on first start, clustered so
/// several services may share one database): recurring dispatch, monitor (one per backend) and collect jobs, and
/// the scheduled experiments `vip schedule` adds. Started once the database is ready; stopping it leaves running
/// jobs running (the next start adopts them).
/// </summary>
internal sealed class SchedulerService : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IScheduler _scheduler;

    private SchedulerService(ServiceProvider services, IScheduler scheduler)
    {
        _services = services;
        _scheduler = scheduler;
    }

    /// <summary>How often the recurring jobs run: <c>VipAgent:Scheduler:TickMilliseconds</c>, default 1000.</summary>
    public static TimeSpan Tick(HostSettings settings) =>
        TimeSpan.FromMilliseconds(int.TryParse(settings.Configuration["VipAgent:Scheduler:TickMilliseconds"], out var ms) && ms >= 50 ? ms : 1000);

    public static async Task<SchedulerService> StartAsync(HostSettings settings, string connectionString, ILoggerFactory loggers, CancellationToken ct)
    {
        var collection = new ServiceCollection()
            .AddSingleton(loggers)
            .AddLogging()
            .AddVipRegistry(connectionString, RegistryContext.KeyFolder(settings))
            .AddVipScheduling(settings, connectionString, service: true, console: null)
            .AddSingleton<DescriptorCheck>(OnnxApplicationCheck.Check);
        AddQuartzStore(collection, connectionString);
        var services = collection.BuildServiceProvider();
        try
        {
            await RegistrySchema.EnsureAsync(services.GetRequiredService<Marten.IDocumentStore>(), connectionString, ct);
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct);
            var tick = Tick(settings);
            await RecurAsync(scheduler, JobBuilder.Create<DispatchJob>().WithIdentity(DispatchJob.Key).Build(), tick, ct);
            await RecurAsync(scheduler, JobBuilder.Create<CollectJob>().WithIdentity(CollectJob.Key).Build(), tick, ct);
            foreach (var backend in ExecutionBackends.Names)
            {
                var monitor = JobBuilder.Create<MonitorJob>().WithIdentity(MonitorJob.KeyFor(backend)).UsingJobData(MonitorJob.BackendKey, backend).Build();
                await RecurAsync(scheduler, monitor, tick, ct);
            }

            await scheduler.Start(ct);
            return new SchedulerService(services, scheduler);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Quartz on the PostgreSQL job store; `vip schedule` uses the same store without starting a scheduler.</summary>
    public static void AddQuartzStore(IServiceCollection services, string connectionString) =>
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(4);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(_ => { });
                store.ProvisionSchema();
            });
        });

    /// <summary>The scheduler's container (the registry's services), which `vip serve` forwards to its web endpoints.</summary>
    public IServiceProvider Services => _services;

    /// <summary>A service of the scheduler's container (the registry's, for instance).</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
        await _services.DisposeAsync();
    }

    /// <summary>(Re)schedules a recurring job at <paramref name="tick"/>, replacing what an earlier start stored.</summary>
    private static async Task RecurAsync(IScheduler scheduler, IJobDetail job, TimeSpan tick, CancellationToken ct)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(job.Key.Name, job.Key.Group)
            .ForJob(job)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(tick).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, ct);
    }
}
