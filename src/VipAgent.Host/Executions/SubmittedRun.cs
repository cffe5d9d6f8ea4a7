using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Host.Planning;
using VipAgent.Host.Registry;
using VipAgent.Host.Scheduling;
using VipAgent.Host.Serve;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// What happens to a submitted execution after `vip exec`, `vip submit` or `vip run`: the running `vip serve` on this data folder
/// takes it (its scheduler dispatches submitted executions) and the command follows it when asked; with no service,
/// the command runs the same scheduler in-process (local and onnx jobs always wait here: they need a process).
/// </summary>
internal static class SubmittedRun
{
    /// <summary>The registry with the scheduler of one command and the planning workflow.</summary>
    public static Task<RegistryContext> OpenAsync(HostSettings settings, CancellationToken ct) =>
        RegistryContext.OpenAsync(settings, ct, (services, connection) => services
            .AddVipScheduling(settings, connection, service: false, Console.Error)
            .AddVipPlanning(settings));

    /// <summary>
    /// Hands <paramref name="execution"/> over or runs it; returns the exit code (0 when it completed or was handed
    /// over without waiting). <paramref name="started"/> hears where it went: the service's URLs when handed over
    /// (no jobs yet), else null with the jobs this process dispatched.
    /// </summary>
    public static async Task<int> ContinueAsync(
        HostSettings settings, RegistryContext registry, ExecutionSummary execution, bool wait, TimeSpan poll, CancellationToken ct,
        Action<string?, IReadOnlyList<JobView>>? started = null)
    {
        var id = execution.ExecutionId;
        var recorder = registry.Get<ExecutionRecorder>();
        var time = registry.Get<TimeProvider>();
        if (ServeLock.FindRunning(DataFolder.Open(settings.DataDir)) is { } serve)
        {
            started?.Invoke(serve.Urls, []);
            await Console.Error.WriteLineAsync($"handed over to vip serve (pid {serve.Pid}, {serve.Urls}), which runs and monitors it{(wait ? "; following it here" : "")}");
            return wait ? await ExecutionWatch.FollowToEndAsync(recorder, id, poll, time, Console.Error, ct) : ExitCodes.Success;
        }

        var scheduler = registry.Get<RunScheduler>();
        await scheduler.DispatchAsync(id, ct);
        var dispatched = await recorder.FindAsync(id, ct);
        started?.Invoke(null, dispatched?.Jobs ?? []);
        if (dispatched is null || dispatched.IsFinished)
        {
            await Console.Error.WriteLineAsync($"execution {id} {dispatched?.Status.Name() ?? "vanished"}{(dispatched?.Reason is { } reason ? $": {reason}" : "")}");
            return dispatched?.Status == ExecutionStatus.Completed ? ExitCodes.Success : ExitCodes.OperationFailed;
        }

        var inProcess = execution.Backend is ExecutionBackends.Local or ExecutionBackends.Onnx;
        if (!wait && !inProcess)
        {
            await Console.Error.WriteLineAsync($"submitted; 'vip serve' monitors it when it runs, or follow it with 'vip status {id} --watch'");
            return ExitCodes.Success;
        }

        if (!wait)
        {
            await Console.Error.WriteLineAsync($"{execution.Backend} jobs run inside this process when no 'vip serve' runs: waiting until they end");
        }

        try
        {
            var (ended, outcome) = await InProcessRun.RunAsync(scheduler, id, execution.Backend, poll, time, ct);
            return ExecutionWatch.ExitCodeOf(ended, outcome);
        }
        catch (OperationCanceledException) when (inProcess)
        {
            // Ctrl+C: the local jobs die with this process, so the record must not say they still run
            await recorder.CancelAsync(id, Environment.UserName, "the command running it was interrupted; its local jobs were stopped", CancellationToken.None);
            throw;
        }
    }
}
