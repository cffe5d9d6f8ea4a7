using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Planner.Plans;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>
/// `vip run "GOAL" [--file F]... [--yes]`: plan, show the plan, ask for confirmation on the terminal (unless --yes),
/// submit, and follow the execution to its end. Without a terminal and without --yes it refuses (exit 2) before planning.
/// </summary>
internal static class RunVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var goal = new GoalOptions();
        var yes = new Option<bool>("--yes", "-y") { Description = "Submit the plan without asking for confirmation (required when stdin is not a terminal)." };
        var poll = SubmitVerb.PollOption();
        var command = new Command("run", "Plan a goal, show the plan, ask for confirmation, then submit it and follow it to its end.") { yes, poll };
        goal.AddTo(command);
        command.SetAction((result, ct) => RunAsync(globals.Read(result), goal.Read(result), result.GetValue(yes), SubmitVerb.Poll(result.GetValue(poll)), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, PlanRequest request, bool yes, TimeSpan poll, CancellationToken ct)
    {
        if (!yes && Console.IsInputRedirected)
        {
            throw VipException.InvalidInput("VIP7012", "'vip run' asks for confirmation on a terminal and stdin is not one: pass --yes to run without asking, or use 'vip plan' then 'vip submit PLAN-ID'. Nothing was recorded.");
        }

        await using var registry = await SubmittedRun.OpenAsync(settings, ct);
        var workflow = registry.Get<IExperimentWorkflow>();
        var planned = await workflow.PlanAsync(request, Environment.UserName, ct);
        PlanPrinter.Print(settings, planned);
        PlanPrinter.RequirePlan(planned.Plan);
        var planId = planned.PlanId!.Value;
        if (!yes && !Confirm())
        {
            await Console.Error.WriteLineAsync($"not submitted; plan {planId:D} stays recorded: 'vip submit {planId:D}' runs it later");
            return ExitCodes.OperationFailed;
        }

        var execution = await workflow.SubmitAsync(planId, Environment.UserName, ct);
        await Console.Error.WriteLineAsync($"submitted {planId:D}; following it until it ends");
        return await SubmittedRun.ContinueAsync(settings, registry, execution, wait: true, poll, ct);
    }

    private static bool Confirm()
    {
        Console.Error.Write("Run this plan? [y/N] ");
        var answer = Console.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
