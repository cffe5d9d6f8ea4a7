using System.CommandLine;
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

        var unfinished = await new ExecutionCancellation(settings, recorder, registry.Get<TimeProvider>())
            .CancelAsync(summary, Environment.UserName, "cancelled with 'vip cancel'", ct);
        Console.WriteLine($"cancelled {summary.ExecutionId} ({unfinished} unfinished job(s))");
        return ExitCodes.Success;
    }
}
