using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Evals.Scoring;

namespace VipAgent.Evals.Cli;

/// <summary>
/// The report for machines: <c>{cases, casesFile, passed, valid, metrics {key: value}, failed [{id, differences}]}</c>,
/// metric values as fractions between 0 and 1.
/// </summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="report"/> of the cases in <paramref name="casesPath"/>.</summary>
    public static string Write(EvalReport report, string casesPath)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metrics = new JsonObject();
        foreach (var metric in EvalMetrics.Of(report))
        {
            metrics[metric.Key] = Math.Round(metric.Value, 4);
        }

        var failed = new JsonArray([.. report.Cases.Where(c => !c.Passed).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.Id,
            ["differences"] = new JsonArray([.. c.Differences.Select(d => (JsonNode)JsonValue.Create(d))]),
        })]);
        var root = new JsonObject
        {
            ["casesFile"] = casesPath,
            ["cases"] = report.Cases.Count,
            ["passed"] = report.Cases.Count(c => c.Passed),
            ["valid"] = report.AllValid,
            ["metrics"] = metrics,
            ["failed"] = failed,
        };
        return root.ToJsonString(Indented) + Environment.NewLine;
    }
}
