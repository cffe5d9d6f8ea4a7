using VipAgent.Evals.Scoring;

namespace VipAgent.Evals.Cli;

/// <summary>One metric of the table: its JSON key, its printed name, its value (0 to 1) and the target, if any.</summary>
public sealed record EvalMetric(string Key, string Name, double Value, double? Target);

/// <summary>The metrics the evals README defines, in table order, with issue 8's targets.</summary>
public static class EvalMetrics
{
    /// <summary>The metrics of <paramref name="report"/>.</summary>
    public static IReadOnlyList<EvalMetric> Of(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            new("outcome", "outcome", report.OutcomeAccuracy, null),
            new("application", "application", report.ApplicationAccuracy, 0.95),
            new("backend", "backend", report.BackendAccuracy, 0.95),
            new("jobCount", "job count", report.JobCountAccuracy, 0.95),
            new("parameterRecall", "parameter recall", report.ParameterRecall, null),
            new("parameterValues", "parameter values", report.ValueAccuracy, 0.90),
            new("strict", "strict (plan cases)", report.StrictAccuracy, 0.85),
            new("clarifyRefuse", "clarify/refuse right", report.ClarifyRefuseAccuracy, 0.90),
        ];
    }
}
