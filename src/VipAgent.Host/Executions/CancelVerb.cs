using System.CommandLine;
using VipAgent.Execution;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// `vip cancel ID`: records the cancellation, then stops the jobs still on their backend from this process:
/// <c>scancel</c> on Slurm, a kill of each local job's process group (found through its pid file, whichever
/// process started it).
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
        foreach (var jobs in unfinished.Where(j => j.IsOnBackend).GroupBy(j => j.Backend))
        {
            var backend = ExecutionBackends.Create(jobs.Key, settings, ExecutionBackends.Store(settings), registry.Get<TimeProvider>(), stopJobsOnDispose: false);
            try
            {
                await backend.CancelAsync(
                    [.. jobs.Select(j => new SubmittedJob(j.JobId, j.BackendJobId, ExecutionBackends.JobFolder(settings, summary.ExecutionId, j.JobId), []))], ct);
            }
            finally
            {
                await ExecutionBackends.ReleaseAsync(backend);
            }
        }

        Console.WriteLine($"cancelled {summary.ExecutionId} ({unfinished.Count} unfinished job(s))");
        return ExitCodes.Success;
    }
}
