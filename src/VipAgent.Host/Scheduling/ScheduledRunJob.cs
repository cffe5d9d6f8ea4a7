using Quartz;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// Quartz job behind `vip schedule`: re-runs an approved execution's plan as a new execution (same application
/// version, backend and jobs), approved and submitted in the name of the person who made the schedule; dispatch then runs it.
/// Its inputs are hashed again at the start, so a changed input shows in the new execution's record.
/// </summary>
internal sealed partial class ScheduledRunJob(ExecutionRecorder recorder, ILogger<ScheduledRunJob> logger) : IJob
{
    public const string Group = "schedules";
    public const string ExecutionKey = "execution";
    public const string ApprovedByKey = "approvedBy";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var template = Guid.Parse(data.GetString(ExecutionKey)!);
        var name = context.JobDetail.Key.Name;
        var plan = await recorder.FindPlanAsync(template, cancellationToken);
        if (plan is null)
        {
            LogMissing(logger, name, template);
            return;
        }

        var id = await recorder.PlanAsync(plan.Application, plan.ToolVersion, plan.Backend, plan.PlanJson, $"schedule {name}", cancellationToken);
        var approver = $"{data.GetString(ApprovedByKey)} (schedule {name})";
        await recorder.ApproveAsync(id, approver, cancellationToken);
        await recorder.SubmitAsync(id, approver, cancellationToken);
        LogStarted(logger, name, id, template);
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Information, Message = "Schedule {Schedule} planned execution {ExecutionId} from the plan of {Template}")]
    private static partial void LogStarted(ILogger logger, string schedule, Guid executionId, Guid template);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Error, Message = "Schedule {Schedule} re-runs execution {Template}, which has no plan in this registry; remove it with 'vip schedule remove {Schedule}'")]
    private static partial void LogMissing(ILogger logger, string schedule, Guid template);
}
