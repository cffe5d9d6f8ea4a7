using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>How an execution a command watched ended for that command.</summary>
internal enum RunOutcome
{
    /// <summary>The execution ended (completed, failed or cancelled): see its status.</summary>
    Ended,

    /// <summary>Every job ended except some held for a person (`vip retry` or `vip cancel`).</summary>
    Held,
}

/// <summary>
/// Runs one execution to its end inside a command, with the same dispatch, monitor and collect ticks the service
/// runs as Quartz jobs: for a researcher with no service running. Stops early, leaving the execution running,
/// when only held jobs remain.
/// </summary>
internal static class InProcessRun
{
    public static async Task<(ExecutionSummary Execution, RunOutcome Outcome)> RunAsync(
        RunScheduler scheduler, Guid executionId, string backend, TimeSpan poll, TimeProvider time, CancellationToken ct)
    {
        await scheduler.DispatchAsync(executionId, ct);
        while (true)
        {
            await scheduler.MonitorAsync(backend, executionId, ct);
            await scheduler.CollectAsync(executionId, ct);
            var execution = await scheduler.FindAsync(executionId, ct)
                ?? throw new InvalidOperationException($"Execution {executionId} disappeared from the registry.");
            if (execution.IsFinished)
            {
                return (execution, RunOutcome.Ended);
            }

            if (OnlyHeldLeft(execution))
            {
                return (execution, RunOutcome.Held);
            }

            await Task.Delay(poll, time, ct);
        }
    }

    /// <summary>Whether nothing will change any more without a person: every planned job submitted, none active, some held.</summary>
    public static bool OnlyHeldLeft(ExecutionSummary execution) =>
        execution.Status == ExecutionStatus.Running
        && execution.Jobs.Count >= execution.PlannedJobs
        && execution.Jobs.Any(j => j.State == JobState.Held)
        && execution.Jobs.All(j => j.IsFinished || j.State == JobState.Held);
}
