using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>
/// `vip plan "GOAL" [--file F]... [--sensitive] [--backends LIST] [--json]`: the planner's answer to a goal. A plan is
/// recorded (planned, not approved: nothing runs) and its id printed; a clarify or refuse answer records nothing and exits 2.
/// </summary>
internal static class PlanVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var goal = new GoalOptions();
        var command = new Command("plan", "Plan a goal written in plain English: the application version, its inputs, the backend, the jobs and why. Records the plan; nothing runs until 'vip submit'.");
        goal.AddTo(command);
        command.SetAction((result, ct) => RunAsync(globals.Read(result), goal.Read(result), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, VipAgent.Planner.Plans.PlanRequest request, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct, (services, _) => services.AddVipPlanning(settings));
        var planned = await registry.Get<IExperimentWorkflow>().PlanAsync(request, Environment.UserName, ct);
        PlanPrinter.Print(settings, planned);
        PlanPrinter.RequirePlan(planned.Plan);
        if (!settings.Json)
        {
            Console.WriteLine($"nothing runs yet: 'vip submit {planned.PlanId:D}' approves and runs it ('vip approve' only approves)");
        }

        return ExitCodes.Success;
    }
}
