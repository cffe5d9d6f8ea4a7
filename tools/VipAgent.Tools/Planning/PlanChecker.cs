using System.Text.Json.Nodes;
using ModelContextProtocol;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Plans;
using VipAgent.Planner.Policy;
using VipAgent.Tools.Catalog;

namespace VipAgent.Tools.Planning;

/// <summary>
/// Turns a model's answer into a <see cref="Plan"/> through the offline planner's validation path: the application
/// version from the registry, every input known and every required one bound, File values only among the files the
/// user gave, every job expanded and simulated by the Boutiques engine (<see cref="JobBuilder"/>, nothing dropped),
/// and the backend chosen by <see cref="BackendPolicy"/>, never by the model.
/// </summary>
internal sealed class PlanChecker(CatalogTools tools)
{
    /// <summary>The plan, or the problems to send back to the model.</summary>
    public async Task<(Plan? Plan, IReadOnlyList<string> Problems)> CheckAsync(ModelAnswer answer, PlanRequest request, CancellationToken ct)
    {
        if (answer.Application is null)
        {
            return (null, ["\"application\" is missing: name a registered application (search_applications lists them)"]);
        }

        CatalogApplication application;
        try
        {
            var (_, published) = await tools.FindAsync(answer.Application, answer.Version, ct);
            application = CatalogApplication.Read(published.CanonicalDescriptor);
        }
        catch (McpException e)
        {
            return (null, [e.Message]);
        }

        var problems = InputProblems(application, answer.Parameters, request.Files);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var reasons = new List<string> { $"application {application.Name} {application.Version}: chosen by the model, validated by the Boutiques engine" };
        var (parameters, jobs, problem) = JobBuilder.Build(application, answer.Parameters, reasons);
        var dropped = answer.Parameters.Select(p => p.Key).Where(id => !parameters.ContainsKey(id)).ToList();
        if (jobs is null || dropped.Count > 0)
        {
            return (null, jobs is null ? [problem!] : [.. reasons.Where(r => dropped.Any(id => r.StartsWith($"input {id}: dropped", StringComparison.Ordinal)))]);
        }

        var identity = new PlannedApplication(application.Name, application.Version, application.DescriptorSha256);
        var decision = BackendPolicy.Decide(application, request.Goal, request.Sensitive, request.AvailableBackends, jobs.Count);
        if (decision.Refused)
        {
            return (new Plan(PlanOutcome.Refuse, identity, [], null, [], null, [], Plan.Policy, [decision.Reasons[^1]]), []);
        }

        if (answer.Backend is not null && !string.Equals(answer.Backend, decision.Backend, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add($"the model proposed backend {answer.Backend}; the backend policy decides");
        }

        reasons.AddRange(decision.Reasons);
        var walltime = application.Resources.WalltimeSeconds ?? 0;
        var estimate = new PlanEstimate(jobs.Count * walltime / 3600, TimeSpan.FromSeconds(walltime));
        return (new Plan(PlanOutcome.Plan, identity, parameters, decision.Backend, jobs, estimate, [], null, reasons), []);
    }

    private static List<string> InputProblems(CatalogApplication application, JsonObject parameters, IReadOnlyList<string> files)
    {
        var problems = new List<string>();
        var ids = application.Inputs.Select(i => i.Id).ToList();
        foreach (var unknown in parameters.Select(p => p.Key).Where(id => !ids.Contains(id)))
        {
            problems.Add($"\"{unknown}\" is not an input of {application.Name} {application.Version}; its inputs are {string.Join(", ", ids)}");
        }

        foreach (var input in application.Inputs.Where(i => i.MustBeBound && !parameters.ContainsKey(i.Id)))
        {
            problems.Add($"required input \"{input.Id}\" ({input.Type}) has no value");
        }

        foreach (var input in application.Inputs.Where(i => i.Type == "File" && parameters.ContainsKey(i.Id)))
        {
            var values = parameters[input.Id] is JsonArray list ? list.Select(v => v?.ToString()) : [parameters[input.Id]?.ToString()];
            foreach (var value in values.Where(v => !files.Contains(v)))
            {
                problems.Add($"input \"{input.Id}\" names the file '{value}', which the user did not give; use one of: {(files.Count == 0 ? "(none given)" : string.Join(", ", files))}");
            }
        }

        return problems;
    }
}
