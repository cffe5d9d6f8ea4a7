using System.Text.RegularExpressions;
using VipAgent.Boutiques;
using VipAgent.Planner.Binding;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Plans;
using VipAgent.Planner.Policy;
using VipAgent.Planner.Ranking;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner;

/// <summary>
/// The offline planner: retrieval over the catalog, parameter binding, job expansion and validation through the
/// Boutiques engine, the backend policy and an estimate. Deterministic: the same catalog and request always give the
/// same plan.
/// </summary>
public sealed partial class OfflinePlanner(ApplicationRetriever retriever)
{
    /// <summary>
    /// The lowest score (retrieval plus <see cref="BindingFit"/>, which adds up to 1.3) an application needs to be
    /// planned at all.
    /// </summary>
    public const double MinimumScore = 1.7;

    // How many of the best retrieved applications are bound before one is chosen.
    private const int Candidates = 10;

    private readonly DomainCheck _domains = new(retriever.Applications, Thesaurus.Default);

    /// <summary>A planner over <paramref name="descriptors"/> (descriptor JSON texts) with lexical retrieval.</summary>
    public static OfflinePlanner FromDescriptors(IEnumerable<string> descriptors) =>
        new(ApplicationRetriever.Lexical([.. descriptors.Select(CatalogApplication.Read)]));

    /// <summary>
    /// A planner over <paramref name="descriptors"/> with the retrieval <paramref name="mode"/> names:
    /// <see cref="RetrievalMode.Hybrid"/> loads MiniLM and embeds the catalog once, here.
    /// </summary>
    public static OfflinePlanner FromDescriptors(IEnumerable<string> descriptors, RetrievalMode mode)
    {
        IReadOnlyList<CatalogApplication> applications = [.. descriptors.Select(CatalogApplication.Read)];
        return new(mode == RetrievalMode.Hybrid ? ApplicationRetriever.Hybrid(applications) : ApplicationRetriever.Lexical(applications));
    }

    /// <summary>Plans <paramref name="request"/>.</summary>
    public Plan Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var domainWords = _domains.DomainWords(request.Goal, request.Files);
        var retrieved = retriever.Rank(request.Goal, request.Files).Take(Candidates).ToList();
        var ranked = new List<(RankedApplication Ranked, Binding.Binding Binding, double Score)>();
        foreach (var r in retrieved.Where(r => r.NameCoverage >= 1 || domainWords.Count == 0 || _domains.Matches(r.Application, domainWords)))
        {
            if (ranked.Count > 0 && r.Score + BindingFit.Most < ranked[0].Score)
            {
                continue; // even the best binding could not lift it above the best so far: not worth binding
            }

            var bound = ParameterBinder.Bind(r.Application, request.Goal, request.Files);
            ranked.Add((r, bound, r.Score + BindingFit.Score(r.Application, bound, request.Goal, request.Files)));
            ranked = [.. ranked.OrderByDescending(c => c.Score).ThenBy(c => retrieved.IndexOf(c.Ranked))];
        }

        if (ranked.Count == 0)
        {
            return Refuse(null, Plans.Plan.NoApplication, retrieved.Count == 0 ? "no registered application fits the goal"
                : $"no registered application is about {string.Join(", ", domainWords)} (the best candidates, {string.Join(", ", retrieved.Take(3).Select(r => r.Application.Name))}, share only generic words with the goal)");
        }

        // An application plainly about the goal (half its domain words or more) fits: what its binding lacks is asked, not refused.
        if (ranked[0].Score < MinimumScore && _domains.Coverage(ranked[0].Ranked.Application, request.Goal, request.Files) < 0.5)
        {
            return Refuse(null, Plans.Plan.NoApplication, $"no registered application fits the goal (best score {ranked[0].Score:0.00} < {MinimumScore})");
        }

        var (top, binding, fitted) = ranked[0];
        var application = top.Application;
        var identity = new PlannedApplication(application.Name, application.Version, application.DescriptorSha256);
        if (AsksForTraining(request.Goal) && !Trains().IsMatch(application.Description))
        {
            return Refuse(identity, Plans.Plan.NoApplication, "the goal asks to train a model and no registered application trains one");
        }

        var reasons = new List<string> { $"application {application.Name} {application.Version}: best match for the goal (retrieval {top.Score:0.00}, with the inputs it can bind {fitted:0.00})" };
        reasons.AddRange(binding.Reasons);
        var early = BackendPolicy.Decide(application, request.Goal, request.Sensitive, request.AvailableBackends, 1);
        if (early.Refused)
        {
            return Refuse(identity, Plans.Plan.Policy, early.Reasons[^1]);
        }

        if (binding.Missing.Count > 0)
        {
            reasons.Add($"missing: {string.Join(", ", binding.Missing)} (required, no default, not found in the goal or the files)");
            return new Plan(PlanOutcome.Clarify, identity, binding.Parameters, null, [], null, binding.Missing,
                $"Which value for {string.Join(", ", binding.Missing.Select(id => Describe(application, id)))}?", reasons);
        }

        var (parameters, jobs, problem) = JobBuilder.Build(application, binding.Parameters, reasons);
        if (jobs is null)
        {
            return new Plan(PlanOutcome.Clarify, identity, parameters, null, [], null, [], problem, reasons);
        }

        var decision = BackendPolicy.Decide(application, request.Goal, request.Sensitive, request.AvailableBackends, jobs.Count);
        if (decision.Refused)
        {
            return Refuse(identity, Plans.Plan.Policy, decision.Reasons[^1]);
        }

        reasons.AddRange(decision.Reasons);
        var walltime = application.Resources.WalltimeSeconds ?? 0;
        var estimate = new PlanEstimate(jobs.Count * walltime / 3600, TimeSpan.FromSeconds(walltime));
        return new Plan(PlanOutcome.Plan, identity, parameters, decision.Backend, jobs, estimate, [], null, reasons);
    }

    private static Plan Refuse(PlannedApplication? application, string code, string why) =>
        new(PlanOutcome.Refuse, application, [], null, [], null, [], code, [why]);

    private static string Describe(CatalogApplication application, string id)
    {
        var input = application.Inputs.First(i => i.Id == id);
        return $"{id} ({input.Type}{(input.Name.Length > 0 ? ", " + input.Name : "")})";
    }

    private static bool AsksForTraining(string goal) => TrainingRequest().IsMatch(goal);

    [GeneratedRegex("\\b(train|retrain|fine-tune|finetune|fine tune)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex TrainingRequest();

    [GeneratedRegex("\\b(trains|training|fine-tunes|fine-tuning)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Trains();
}
