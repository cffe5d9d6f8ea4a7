using System.Globalization;
using System.Text.Json.Nodes;
using VipAgent.Planner.Plans;

namespace VipAgent.Host.Planning;

/// <summary>
/// The planner's answer as `vip plan --json` prints it and as the registry keeps it (under <c>planner</c> in the
/// recorded plan): outcome, application, backend, jobCount, parameters (input id → value, before expansion),
/// missing, reason, planId, jobs, estimate and the reasons for each decision.
/// </summary>
internal static class PlanView
{
    /// <summary>The JSON object of <paramref name="plan"/>; <paramref name="planId"/> is null until it is recorded.</summary>
    public static JsonObject ToJson(Plan plan, Guid? planId) => new()
    {
        ["outcome"] = plan.Outcome.ToString().ToLowerInvariant(),
        ["planId"] = planId?.ToString("D"),
        ["application"] = plan.Application is { } app
            ? new JsonObject { ["name"] = app.Name, ["version"] = app.Version, ["descriptorSha256"] = app.DescriptorSha256 }
            : null,
        ["backend"] = plan.Backend,
        ["jobCount"] = plan.JobCount,
        ["parameters"] = plan.Parameters.DeepClone(),
        ["missing"] = new JsonArray([.. plan.Missing.Select(m => JsonValue.Create(m))]),
        ["reason"] = plan.Reason,
        ["jobs"] = new JsonArray([.. plan.Jobs.Select((j, i) => new JsonObject
        {
            ["jobId"] = $"job-{i + 1}",
            ["invocation"] = j.Invocation.DeepClone(),
            ["commandLine"] = j.CommandLine,
        })]),
        ["estimate"] = plan.Estimate is { } e
            ? new JsonObject { ["cpuHours"] = Math.Round(e.CpuHours, 4), ["wallTimeSeconds"] = (long)e.WallTime.TotalSeconds }
            : null,
        ["reasons"] = new JsonArray([.. plan.Reasons.Select(r => JsonValue.Create(r))]),
    };

    /// <summary>The readable summary `vip plan` and `vip run` print.</summary>
    public static IReadOnlyList<string> ToLines(Plan plan, Guid? planId)
    {
        var lines = new List<string>();
        var app = plan.Application is { } a ? $"{a.Name} {a.Version}" : "no application";
        switch (plan.Outcome)
        {
            case PlanOutcome.Plan:
                lines.Add($"plan {planId:D}: {app} on {plan.Backend}, {plan.JobCount} job(s)" + Estimate(plan.Estimate));
                break;
            case PlanOutcome.Clarify:
                lines.Add($"more information needed to plan {app}: {plan.Reason}");
                if (plan.Missing.Count > 0)
                {
                    lines.Add($"missing: {string.Join(", ", plan.Missing)}");
                }

                break;
            default:
                lines.Add($"refused ({plan.Reason}): {string.Join("; ", plan.Reasons)}");
                break;
        }

        if (plan.Parameters.Count > 0)
        {
            lines.Add("parameters:");
            lines.AddRange(plan.Parameters.Select(p => $"  {p.Key} = {p.Value?.ToJsonString() ?? "null"}"));
        }

        if (plan.Outcome != PlanOutcome.Refuse && plan.Reasons.Count > 0)
        {
            lines.Add("why:");
            lines.AddRange(plan.Reasons.Select(r => $"  - {r}"));
        }

        if (plan.Jobs.Count > 0)
        {
            lines.Add("jobs:");
            lines.AddRange(plan.Jobs.Take(10).Select((j, i) => $"  job-{i + 1}: {j.CommandLine}"));
            if (plan.Jobs.Count > 10)
            {
                lines.Add($"  … and {plan.Jobs.Count - 10} more");
            }
        }

        return lines;
    }

    private static string Estimate(PlanEstimate? estimate) =>
        estimate is null ? "" : string.Create(CultureInfo.InvariantCulture, $", about {estimate.CpuHours:0.##} CPU-hours, {estimate.WallTime:c} wall time");
}
