using VipAgent.Boutiques;
using VipAgent.Evals.Cases;
using VipAgent.Evals.Scoring;
using VipAgent.Planner;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Plans;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Evals;

/// <summary>
/// Runs cases against the offline planner (lexical retrieval unless told otherwise) and scores them. Validity is checked independently of the planner: each
/// job of a returned plan is simulated again against the descriptor the plan names.
/// </summary>
public sealed class EvalRunner(IReadOnlyList<string> descriptors, RetrievalMode retrieval = RetrievalMode.Lexical)
{
    private readonly OfflinePlanner _planner = OfflinePlanner.FromDescriptors(descriptors, retrieval);
    private readonly Dictionary<string, string> _bySha = descriptors.Select(CatalogApplication.Read)
        .GroupBy(a => a.DescriptorSha256).ToDictionary(g => g.Key, g => g.First().DescriptorJson);

    /// <summary>Plans and scores every case, in order.</summary>
    public EvalReport Run(IEnumerable<EvalCase> cases) =>
        new([.. cases.Select(c =>
        {
            var plan = _planner.Plan(c.Request);
            return CaseScorer.Score(c, plan, Validates(plan));
        })]);

    /// <summary>Scores every case, in order, as planned by <paramref name="plan"/> (the model planner, for <c>--model</c>).</summary>
    public async Task<EvalReport> RunAsync(
        IEnumerable<EvalCase> cases, Func<PlanRequest, CancellationToken, Task<Plan>> plan, IProgress<CaseResult>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<CaseResult>();
        foreach (var c in cases)
        {
            var planned = await plan(c.Request, ct);
            var result = CaseScorer.Score(c, planned, Validates(planned));
            results.Add(result);
            progress?.Report(result);
        }

        return new EvalReport(results);
    }

    private bool Validates(Plan plan)
    {
        if (plan.Outcome != PlanOutcome.Plan)
        {
            return true;
        }

        return plan.Application is not null && _bySha.TryGetValue(plan.Application.DescriptorSha256, out var descriptor) && plan.Jobs.Count > 0
            && plan.Jobs.All(j => BoutiquesEngine.Simulate(descriptor, j.Invocation.ToJsonString()).Succeeded);
    }
}
