using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Host.Registry;
using VipAgent.Host.Scheduling;
using VipAgent.Host.Serve;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// `vip retry ID [--job JOB]... [--wait]`: a person resubmits held jobs (failed on their last allowed attempt),
/// after fixing what made them fail. Each becomes a new recorded attempt. With `vip serve` running, the service
/// monitors them; without one, this command does (local jobs always wait here).
/// </summary>
internal static class RetryVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var jobs = new Option<string[]>("--job") { Description = "A held job to resubmit (repeatable); default: every held job.", AllowMultipleArgumentsPerToken = true };
        var wait = new Option<bool>("--wait") { Description = "Follow the execution until it ends; exit 0 when it completed." };
        var poll = new Option<int>("--poll-interval") { Description = "Milliseconds between two polls.", DefaultValueFactory = _ => 1000 };
        var command = new Command("retry", "Resubmit an execution's held jobs (those that failed on their last allowed attempt) as new attempts.") { id, jobs, wait, poll };
        command.SetAction((result, ct) => RunAsync(
            globals.Read(result), result.GetValue(id)!, result.GetValue(jobs) ?? [], result.GetValue(wait), TimeSpan.FromMilliseconds(Math.Max(10, result.GetValue(poll))), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, string[] only, bool wait, TimeSpan poll, CancellationToken ct)
    {
        var serve = ServeLock.FindRunning(DataFolder.Open(settings.DataDir));
        await using var registry = await RegistryContext.OpenAsync(
            settings, ct, (services, connection) => services.AddVipScheduling(settings, connection, service: serve is not null, Console.Error));
        var recorder = registry.Get<ExecutionRecorder>();
        var execution = await ExecutionLookup.FindAsync(recorder, id, ct);
        var held = execution.Jobs.Where(j => j.State == JobState.Held).ToList();
        var unknown = only.Where(j => execution.FindJob(j) is not { State: JobState.Held }).ToList();
        if (execution.Status != ExecutionStatus.Running || held.Count == 0 || unknown.Count > 0)
        {
            throw VipException.InvalidInput("VIP5013", execution.Status != ExecutionStatus.Running
                ? $"Execution {execution.ExecutionId} is {execution.Status.Name()}; only a running execution's held jobs can be retried."
                : held.Count == 0
                    ? $"Execution {execution.ExecutionId} has no held job; 'vip status {execution.ExecutionId}' shows its jobs."
                    : $"Not held in {execution.ExecutionId}: {string.Join(", ", unknown)}; held: {string.Join(", ", held.Select(j => j.JobId))}.");
        }

        var chosen = only.Length == 0 ? held : held.Where(j => only.Contains(j.JobId, StringComparer.Ordinal)).ToList();
        var run = await registry.Get<PlanBook>().GetAsync(execution.ExecutionId, ct);
        var commands = await registry.Get<ExecutionSupervisor>().ResubmitAsync(run, chosen, $"retried by {Environment.UserName} after: {{0}}", ct);
        await recorder.RecordAllAsync(execution.ExecutionId, commands, ct);
        Console.WriteLine($"resubmitted {chosen.Count} job(s) of {execution.ExecutionId}: {string.Join(", ", chosen.Select(j => j.JobId))}");

        var local = chosen.Any(j => j.Backend == ExecutionBackends.Local);
        if (serve is not null)
        {
            return wait ? await ExecutionWatch.FollowToEndAsync(recorder, execution.ExecutionId, poll, registry.Get<TimeProvider>(), Console.Error, ct) : ExitCodes.Success;
        }

        if (!wait && !local)
        {
            return ExitCodes.Success;
        }

        var (ended, outcome) = await InProcessRun.RunAsync(
            registry.Get<RunScheduler>(), execution.ExecutionId, execution.Backend, poll, registry.Get<TimeProvider>(), ct);
        return ExecutionWatch.ExitCodeOf(ended, outcome);
    }
}
