using System.ComponentModel;
using System.Text.Json;
using VipAgent.Planner.Plans;

namespace VipAgent.Tools.Plans;

/// <summary>One planned job.</summary>
public sealed record PlannedJobView(
    [property: Description("The job's invocation: input ids to values.")] JsonElement Invocation,
    [property: Description("The command line it runs.")] string CommandLine);

/// <summary>What plan_experiment returns: a plan to review, a question, or a refusal.</summary>
public sealed record PlanView(
    [property: Description("plan (ready to review and approve), clarify (inputs are missing: see missing) or refuse (see reason).")] string Outcome,
    [property: Description("The recorded plan's id, for approve_plan and submit_plan; null unless outcome is plan.")] Guid? PlanId,
    [property: Description("The application chosen.")] string? Application,
    [property: Description("Its exact tool-version.")] string? Version,
    [property: Description("SHA-256 of its descriptor.")] string? DescriptorSha256,
    [property: Description("The backend chosen: local, slurm, dirac or onnx.")] string? Backend,
    [property: Description("The bound parameters by input id.")] JsonElement Parameters,
    [property: Description("How many jobs the plan runs.")] int JobCount,
    [property: Description("The first jobs (at most 20), each with its invocation and command line.")] IReadOnlyList<PlannedJobView> Jobs,
    [property: Description("Estimated total CPU-hours.")] double? CpuHours,
    [property: Description("Estimated wall time in minutes when every job runs at once.")] double? WallMinutes,
    [property: Description("Inputs the planner could not bind (outcome clarify): ask the person for them and plan again.")] IReadOnlyList<string> Missing,
    [property: Description("Why the planner refused.")] string? Reason,
    [property: Description("Why each decision was taken, in plain words: show them to the person.")] IReadOnlyList<string> Reasons)
{
    public static PlanView Of(Plan plan, Guid? planId) => new(
        plan.Outcome.ToString().ToLowerInvariant(), planId, plan.Application?.Name, plan.Application?.Version, plan.Application?.DescriptorSha256,
        plan.Backend, JsonSerializer.SerializeToElement(plan.Parameters), plan.JobCount,
        [.. plan.Jobs.Take(20).Select(j => new PlannedJobView(JsonSerializer.SerializeToElement(j.Invocation), j.CommandLine))],
        plan.Estimate?.CpuHours, plan.Estimate?.WallTime.TotalMinutes, plan.Missing, plan.Reason, plan.Reasons);
}
