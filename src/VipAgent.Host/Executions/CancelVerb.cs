using System.CommandLine;
using VipAgent.Execution;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// `vip cancel ID`: records the cancellation; Slurm jobs are cancelled with scancel here, local jobs by the
/// `vip exec` process running them, which sees the cancellation at its next poll.
/// </summary>
internal static class CancelVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var command = new Command("cancel", "Cancel an execution that has not ended: stop its unfinished jobs and record who cancelled it.") { id };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var recorder = registry.Get<ExecutionRecorder>();
        var summary = await ExecutionLookup.FindAsync(recorder, id, ct);
        if (summary.IsFinished)
        {
            throw VipException.InvalidInput("VIP5012", $"Execution {summary.ExecutionId} already ended ({summary.Status.Name()}); there is nothing to cancel.");
        }

        await recorder.CancelAsync(summary.ExecutionId, Environment.UserName, "cancelled with 'vip cancel'", ct);
        var unfinished = summary.Jobs.Where(j => !j.IsFinished).ToList();
        if (summary.Backend == ExecutionBackends.Slurm && unfinished.Count > 0)
        {
            var backend = ExecutionBackends.Create(summary.Backend, settings, ExecutionBackends.Store(settings), registry.Get<TimeProvider>());
            await backend.CancelAsync(
                [.. unfinished.Select(j => new SubmittedJob(j.JobId, j.BackendJobId, ExecutionBackends.JobFolder(settings, summary.ExecutionId, j.JobId), []))], ct);
        }

        Console.WriteLine($"cancelled {summary.ExecutionId} ({unfinished.Count} unfinished job(s))");
        return ExitCodes.Success;
    }
}
