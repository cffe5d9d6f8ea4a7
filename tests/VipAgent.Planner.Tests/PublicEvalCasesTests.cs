using VipAgent.Evals;
using VipAgent.Evals.Cases;
using VipAgent.Testing;

namespace VipAgent.Planner.Tests;

public sealed class PublicEvalCasesTests(ITestOutputHelper output)
{
    [Fact]
    public void Offline_planner_reaches_the_measured_score_on_the_public_cases()
    {
        var shared = SharedData.Require();
        var cases = EvalCase.ReadAll(SharedData.Require("evals", "cases.jsonl"));
        var report = new EvalRunner(EvalCatalog.Load(shared)).Run(cases);
        output.WriteLine(report.Format());

        report.AllValid.ShouldBeTrue();
        report.OverallScore.ShouldBeGreaterThanOrEqualTo(0.80);
    }
}
