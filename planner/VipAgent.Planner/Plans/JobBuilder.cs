using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Plans;

/// <summary>
/// Expands bound parameters into jobs through the Boutiques engine and simulates each one. When the engine rejects
/// them, optional values are dropped one at a time (last bound first) until every job validates, each drop noted
/// as a reason; a plan is never returned with a job that does not validate.
/// </summary>
public static class JobBuilder
{
    /// <summary>The parameters kept, the jobs (null when none validates) and the engine's last problem.</summary>
    public static (JsonObject Parameters, IReadOnlyList<PlannedJob>? Jobs, string? Problem) Build(CatalogApplication application, JsonObject bound, List<string> reasons)
    {
        var parameters = (JsonObject)bound.DeepClone();
        foreach (var input in application.Inputs.Where(i => i.IsList && i.DefaultValue is JsonValue && !parameters.ContainsKey(i.Id)))
        {
            // Some published descriptors give a list input a single default, which the engine rejects: give it as a list.
            parameters[input.Id] = new JsonArray(input.DefaultValue!.DeepClone());
            reasons.Add($"input {input.Id}: [{input.DefaultValue}] (its default, given as the list the input takes)");
        }

        while (true)
        {
            var (jobs, problem) = TryBuild(application, parameters);
            if (jobs is not null)
            {
                return (parameters, jobs, null);
            }

            var droppable = parameters.Select(p => p.Key).LastOrDefault(id => application.Inputs.FirstOrDefault(i => i.Id == id) is { MustBeBound: false });
            if (droppable is null)
            {
                return (parameters, null, $"the bound values do not validate: {problem}");
            }

            parameters.Remove(droppable);
            reasons.Add($"input {droppable}: dropped, the engine rejected the plan with it ({problem})");
        }
    }

    private static (IReadOnlyList<PlannedJob>? Jobs, string? Problem) TryBuild(CatalogApplication application, JsonObject parameters)
    {
        var expanded = BoutiquesEngine.Expand(application.DescriptorJson, parameters.ToJsonString());
        if (!expanded.Succeeded)
        {
            return (null, string.Join("; ", expanded.InvocationProblems.Concat(expanded.DescriptorProblems)));
        }

        var jobs = new List<PlannedJob>();
        foreach (var invocation in expanded.Value!)
        {
            var simulated = BoutiquesEngine.Simulate(application.DescriptorJson, invocation.ToJsonString());
            if (!simulated.Succeeded)
            {
                return (null, string.Join("; ", simulated.InvocationProblems.Concat(simulated.DescriptorProblems)));
            }

            jobs.Add(new PlannedJob(invocation, simulated.Value!.CommandLine));
        }

        return (jobs, null);
    }
}
