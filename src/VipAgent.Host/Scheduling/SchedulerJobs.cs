using Quartz;

namespace VipAgent.Host.Scheduling;

/// <summary>Quartz job: submits approved executions, and planned jobs a crash left unsubmitted.</summary>
[DisallowConcurrentExecution]
internal sealed class DispatchJob(RunScheduler scheduler) : IJob
{
    public static readonly JobKey Key = new("dispatch", "vipagent");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        new(scheduler.DispatchAsync(null, cancellationToken));
}

/// <summary>Quartz job, one per backend (its name in the job data as <c>backend</c>): one bulk poll of all its jobs.</summary>
[DisallowConcurrentExecution]
internal sealed class MonitorJob(RunScheduler scheduler) : IJob
{
    public const string BackendKey = "backend";

    public static JobKey KeyFor(string backend) => new($"monitor.{backend}", "vipagent");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        new(scheduler.MonitorAsync(context.MergedJobDataMap.GetString(BackendKey)!, null, cancellationToken));
}

/// <summary>Quartz job: collects the outputs of jobs that ended well and ends executions whose jobs all ended.</summary>
[DisallowConcurrentExecution]
internal sealed class CollectJob(RunScheduler scheduler) : IJob
{
    public static readonly JobKey Key = new("collect", "vipagent");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        new(scheduler.CollectAsync(null, cancellationToken));
}
