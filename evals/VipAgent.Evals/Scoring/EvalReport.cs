using System.Globalization;
using System.Text;

namespace VipAgent.Evals.Scoring;

/// <summary>The metrics over a run of cases, as the evals README defines them, with every case's result.</summary>
public sealed record EvalReport(IReadOnlyList<CaseResult> Cases)
{
    private IEnumerable<CaseResult> PlanCases => Cases.Where(c => c.ExpectedOutcome == "plan");

    private IEnumerable<CaseResult> AskOrRefuseCases => Cases.Where(c => c.ExpectedOutcome != "plan");

    /// <summary>Cases with the expected outcome, over all cases.</summary>
    public double OutcomeAccuracy => Ratio(Cases, c => c.OutcomeRight);

    /// <summary>Plan cases with the expected application.</summary>
    public double ApplicationAccuracy => Ratio(PlanCases, c => c.ApplicationRight != false);

    /// <summary>Plan cases with the expected backend.</summary>
    public double BackendAccuracy => Ratio(PlanCases, c => c.BackendRight == true);

    /// <summary>Plan cases with the expected job count.</summary>
    public double JobCountAccuracy => Ratio(PlanCases, c => c.JobsRight == true);

    /// <summary>Expected inputs bound, over every expected input of the plan cases.</summary>
    public double ParameterRecall => Fraction(PlanCases.Sum(c => c.ParametersBound), PlanCases.Sum(c => c.ParametersExpected));

    /// <summary>Expected inputs bound to the expected value, over every expected input of the plan cases.</summary>
    public double ValueAccuracy => Fraction(PlanCases.Sum(c => c.ParametersRight), PlanCases.Sum(c => c.ParametersExpected));

    /// <summary>Plan cases right in every respect.</summary>
    public double StrictAccuracy => Ratio(PlanCases, c => c.Passed);

    /// <summary>Clarify and refuse cases right in every respect (outcome, application, missing set or reason).</summary>
    public double ClarifyRefuseAccuracy => Ratio(AskOrRefuseCases, c => c.Passed);

    /// <summary>Every returned plan validated (a gate at 100 %, not a score).</summary>
    public bool AllValid => Cases.All(c => c.Valid);

    /// <summary>Cases that passed every check, over all cases.</summary>
    public double OverallScore => Ratio(Cases, c => c.Passed);

    /// <summary>The metrics table, then every case's pass or fail with what differed.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"cases {Cases.Count}, passed {Cases.Count(c => c.Passed)}, overall {OverallScore:P1}, validity {(AllValid ? "100 %" : "FAILED")}");
        foreach (var (name, value) in Metrics())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name,-22} {value,7:P1}");
        }

        foreach (var c in Cases)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(c.Passed ? "PASS" : "FAIL")} {c.Id}{(c.Passed ? "" : ": " + string.Join("; ", c.Differences))}");
        }

        return text.ToString();
    }

    /// <summary>The named metrics, in the order the table prints them.</summary>
    public IReadOnlyList<(string Name, double Value)> Metrics() =>
    [
        ("outcome", OutcomeAccuracy), ("application", ApplicationAccuracy), ("backend", BackendAccuracy),
        ("job count", JobCountAccuracy), ("parameter recall", ParameterRecall), ("value accuracy", ValueAccuracy),
        ("strict (plan cases)", StrictAccuracy), ("clarify/refuse right", ClarifyRefuseAccuracy),
    ];

    private static double Ratio(IEnumerable<CaseResult> cases, Func<CaseResult, bool> right)
    {
        var list = cases.ToList();
        return Fraction(list.Count(right), list.Count);
    }

    private static double Fraction(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
}
