using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Host.Registry;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>`vip approve PLAN-ID`: records the approval of a plan. Nothing runs until it is submitted ('vip submit').</summary>
internal static class ApproveVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = PlanIds.Argument();
        var command = new Command("approve", "Approve a recorded plan (as 'vip plan' printed it). Nothing runs until 'vip submit'.") { id };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, CancellationToken ct)
    {
        var planId = PlanIds.Parse(id);
        await using var registry = await RegistryContext.OpenAsync(settings, ct, (services, _) => services.AddVipPlanning(settings));
        var execution = await registry.Get<IExperimentWorkflow>().ApproveAsync(planId, Environment.UserName, ct);
        Console.WriteLine(settings.Json
            ? JsonSerializer.Serialize(new { planId, status = execution.Status.Name(), approvedBy = execution.ApprovedBy })
            : $"plan {planId:D} {execution.Status.Name()}" + (execution.ApprovedBy is { } by ? $" (approved by {by})" : ""));
        return ExitCodes.Success;
    }
}
