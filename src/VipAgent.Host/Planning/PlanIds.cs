using System.CommandLine;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Planning;

/// <summary>The PLAN-ID argument of `vip approve` and `vip submit` (a plan id is its execution's id).</summary>
internal static class PlanIds
{
    public static Argument<string> Argument() => new("PLAN-ID") { Description = "A plan id, as 'vip plan' printed it." };

    public static Guid Parse(string id) =>
        Guid.TryParse(id.StartsWith("executions/", StringComparison.Ordinal) ? id["executions/".Length..] : id, out var planId)
            ? planId
            : throw VipException.InvalidInput("VIP7000", $"'{id}' is not a plan id (a GUID such as 'vip plan' prints).");
}
