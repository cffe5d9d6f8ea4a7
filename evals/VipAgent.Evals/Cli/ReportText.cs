using System.Globalization;
using System.Text;
using VipAgent.Evals.Scoring;

namespace VipAgent.Evals.Cli;

/// <summary>The report for a person: the metrics table with the issue's targets, then every failed case and what differed.</summary>
public static class ReportText
{
    /// <summary>Writes <paramref name="report"/> of the cases in <paramref name="casesPath"/>.</summary>
    public static string Write(EvalReport report, string casesPath)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var failed = report.Cases.Where(c => !c.Passed).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"{casesPath}: {report.Cases.Count} cases, {report.Cases.Count - failed.Count} passed");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"metric",-22} {"value",7}  target");
        foreach (var metric in EvalMetrics.Of(report))
        {
            var target = metric.Target is double t ? $"≥ {t:P0}" : "";
            var mark = metric.Target is double goal && metric.Value < goal ? "  below" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {metric.Name,-22} {metric.Value,7:P1}  {target}{mark}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"validity",-22} {(report.AllValid ? "100 %" : "FAILED"),7}  gate");
        foreach (var c in failed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"FAIL {c.Id}: {string.Join("; ", c.Differences)}");
        }

        return text.ToString();
    }
}
