using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Planner.Plans;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>Prints the planner's answer (text or --json) and turns a clarify or refuse answer into exit 2.</summary>
internal static class PlanPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Print(HostSettings settings, PlannedExperiment planned)
    {
        if (settings.Json)
        {
            Console.WriteLine(PlanView.ToJson(planned.Plan, planned.PlanId).ToJsonString(Indented));
            return;
        }

        foreach (var line in PlanView.ToLines(planned.Plan, planned.PlanId))
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Throws exit 2 when the planner asked for more or refused: nothing was recorded then.</summary>
    public static void RequirePlan(Plan plan)
    {
        if (plan.Outcome == PlanOutcome.Clarify)
        {
            throw VipException.InvalidInput("VIP7010", plan.Missing.Count > 0
                ? $"The goal does not say {string.Join(", ", plan.Missing)}; add them to the goal (or give the files with --file) and plan again. Nothing was recorded."
                : $"The goal cannot be planned as written ({plan.Reason}); nothing was recorded.");
        }

        if (plan.Outcome == PlanOutcome.Refuse)
        {
            throw VipException.InvalidInput("VIP7011", plan.Reason == Plan.Policy
                ? $"The plan was refused by the data policy: {plan.Reasons.LastOrDefault()}. Nothing was recorded."
                : $"No registered application fits the goal: {plan.Reasons.LastOrDefault()}. 'vip apps list' shows them; nothing was recorded.");
        }
    }
}
