using VipAgent.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// The scheduler's three ticks over the executions this process drives (it holds their lease): dispatch
/// (submitted executions, and running ones with planned jobs never submitted), monitor (the running executions
/// planned for one backend: one bulk poll), collect (outputs of jobs that ended well, then executions whose jobs all ended). The service runs
/// them as Quartz jobs; `vip exec` without a service runs them in a loop for its one execution.
/// Each tick reads the execution summaries in one query, whatever the number of jobs.
/// </summary>
internal sealed partial class RunScheduler(
    JobBoard board, ExecutionRecorder recorder, ExecutionLeases leases, ExecutionDispatcher dispatcher, ExecutionSupervisor supervisor,
    ILogger<RunScheduler> logger)
{
    /// <summary>
    /// Dispatches the submitted executions nobody else drives (an approved one waits for its submission), and the running ones whose planned jobs were not all
    /// submitted (their driver died mid-dispatch). Runs alone (one Quartz job), so no execution is dispatched twice at once.
    /// </summary>
    public async Task DispatchAsync(Guid? only, CancellationToken ct)
    {
        foreach (var execution in await board.ExecutionsAsync(ExecutionStatus.Submitted, ct))
        {
            if ((only is null || execution.ExecutionId == only) && await leases.TryAcquireAsync(execution.ExecutionId, ct))
            {
                await GuardAsync(execution.ExecutionId, () => dispatcher.DispatchAsync(execution, ct));
            }
        }

        foreach (var execution in (await OwnedRunningAsync(only, ct)).Where(e => e.Jobs.Count < e.PlannedJobs))
        {
            await GuardAsync(execution.ExecutionId, () => dispatcher.DispatchAsync(execution, ct));
        }
    }

    /// <summary>One bulk poll of <paramref name="backend"/> over the running executions planned for it.</summary>
    public async Task MonitorAsync(string backend, Guid? only, CancellationToken ct)
    {
        var running = await OwnedRunningAsync(only, ct, backend);
        await GuardAsync(null, () => supervisor.MonitorAsync(backend, running, ct));
    }

    public async Task CollectAsync(Guid? only, CancellationToken ct)
    {
        await GuardAsync(null, async () => await supervisor.CollectAsync(await OwnedRunningAsync(only, ct), ct));
        foreach (var execution in await OwnedRunningAsync(only, ct))
        {
            await GuardAsync(execution.ExecutionId, async () =>
            {
                if (await supervisor.FinishAsync(execution, ct))
                {
                    await leases.ReleaseAsync(execution.ExecutionId, ct);
                }
            });
        }
    }

    /// <summary>The running executions this process drives: those it holds, and any nobody holds (it takes their lease).</summary>
    public async Task<IReadOnlyList<ExecutionSummary>> OwnedRunningAsync(Guid? only, CancellationToken ct, string? backend = null)
    {
        var owned = new List<ExecutionSummary>();
        foreach (var execution in await board.ExecutionsAsync(ExecutionStatus.Running, ct, backend))
        {
            if ((only is null || execution.ExecutionId == only) && await leases.TryAcquireAsync(execution.ExecutionId, ct))
            {
                owned.Add(execution);
            }
        }

        return owned;
    }

    /// <summary>The execution as recorded now.</summary>
    public Task<ExecutionSummary?> FindAsync(Guid executionId, CancellationToken ct) => recorder.FindAsync(executionId, ct);

    /// <summary>
    /// Runs one step; a write that lost a race (another writer, a `vip cancel`) is left for the next tick, which
    /// reads the stream again. Anything else is logged with the execution and the tick goes on with the others.
    /// </summary>
    private async Task GuardAsync(Guid? executionId, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is RegistryConcurrencyException or RegistryRuleException)
        {
            LogRace(logger, executionId, e.Message);
        }
    }

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Execution {ExecutionId} changed under the scheduler; the next tick reads it again: {Why}")]
    private static partial void LogRace(ILogger logger, Guid? executionId, string why);
}
