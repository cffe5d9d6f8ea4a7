using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>
/// `vip submit PLAN-ID [--wait]`: approves the plan when it is not yet approved and submits it. The running `vip serve`
/// takes it over; without one, this command runs it (local jobs always wait here).
/// </summary>
internal static class SubmitVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = PlanIds.Argument();
        var wait = new Option<bool>("--wait") { Description = "Follow the execution until it ends; exit 0 when it completed, 1 otherwise." };
        var poll = PollOption();
        var command = new Command("submit", "Approve (when not yet approved) and submit a recorded plan: it runs in the running 'vip serve', or here.") { id, wait, poll };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, result.GetValue(wait), Poll(result.GetValue(poll)), ct));
        return command;
    }

    public static Option<int> PollOption() =>
        new("--poll-interval") { Description = "Milliseconds between two polls of the backend (or of the registry, when following the service).", DefaultValueFactory = _ => 1000 };

    public static TimeSpan Poll(int milliseconds) =>
        milliseconds >= 10
            ? TimeSpan.FromMilliseconds(milliseconds)
            : throw VipException.InvalidInput("VIP7013", "--poll-interval must be at least 10 ms.");

    private static async Task<int> RunAsync(HostSettings settings, string id, bool wait, TimeSpan poll, CancellationToken ct)
    {
        var planId = PlanIds.Parse(id);
        await using var registry = await SubmittedRun.OpenAsync(settings, ct);
        var execution = await registry.Get<IExperimentWorkflow>().SubmitAsync(planId, Environment.UserName, ct);
        Console.WriteLine(settings.Json
            ? JsonSerializer.Serialize(new { planId, executionId = planId, status = execution.Status.Name(), backend = execution.Backend })
            : $"plan {planId:D} {execution.Status.Name()} ({execution.Application}/{execution.ToolVersion} on {execution.Backend})");
        return execution.IsFinished
            ? ExecutionWatch.ExitCodeOf(execution, Scheduling.RunOutcome.Ended)
            : await SubmittedRun.ContinueAsync(settings, registry, execution, wait, poll, ct);
    }
}
