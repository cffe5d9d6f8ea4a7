using VipAgent.Planner.Catalog;
using VipAgent.Planner.Plans;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Tests.Retrieval;

public sealed class MiniLmScorerTests
{
    private static readonly IReadOnlyList<CatalogApplication> Catalog =
        [.. new[] { Descriptors.MonteCarlo, Descriptors.SkullStrip, Descriptors.OnnxSegmenter }.Select(CatalogApplication.Read)];

    [Fact]
    public void Finds_the_application_by_meaning_when_the_goal_shares_no_word_with_it()
    {
        using var scorer = new MiniLmScorer(Catalog);

        var scores = scorer.Score("remove the skull and non-brain tissue from my head scans");

        var best = scores.Select((s, i) => (s, i)).MaxBy(p => p.s).i;
        Catalog[best].Name.ShouldBe("SkullStripper");
        scores[best].ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Gives_the_same_scores_from_two_separately_built_indexes()
    {
        using var first = new MiniLmScorer(Catalog);
        using var second = new MiniLmScorer(Catalog);

        first.Similarities("dosimetry with a Monte Carlo macro").ShouldBe(second.Similarities("dosimetry with a Monte Carlo macro"));
    }

    [Fact]
    public void Hybrid_planner_still_refuses_a_goal_no_application_fits()
    {
        var planner = OfflinePlanner.FromDescriptors([Descriptors.MonteCarlo, Descriptors.SkullStrip, Descriptors.OnnxSegmenter], RetrievalMode.Hybrid);

        var plan = planner.Plan(new PlanRequest("Transcribe the recorded interview interview_03.wav into text", ["interview_03.wav"]));

        plan.Outcome.ShouldBe(PlanOutcome.Refuse);
        plan.Reason.ShouldBe(Plan.NoApplication);
    }

    [Fact]
    public void Hybrid_planner_plans_by_meaning()
    {
        var planner = OfflinePlanner.FromDescriptors([Descriptors.MonteCarlo, Descriptors.SkullStrip, Descriptors.OnnxSegmenter], RetrievalMode.Hybrid);

        var plan = planner.Plan(new PlanRequest("Strip the skull from head_t1.nii.gz", ["head_t1.nii.gz"]));

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Application!.Name.ShouldBe("SkullStripper");
        plan.Parameters["t1"]!.ToString().ShouldBe("head_t1.nii.gz");
    }
}
