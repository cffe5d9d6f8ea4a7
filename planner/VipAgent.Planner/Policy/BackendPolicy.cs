using System.Text.RegularExpressions;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Policy;

/// <summary>The backend chosen and why, or a policy refusal.</summary>
public sealed record BackendDecision(string? Backend, bool Refused, IReadOnlyList<string> Reasons);

/// <summary>
/// The backend policy of the planner evals (first rule that applies wins; a backend the site lacks falls through to
/// the next rule; <c>local</c> is always there): 1 onnx runtime, 2 sensitive data never on dirac (explicit grid
/// request: refuse), 3 explicit request, 4 scale (≥ 10 jobs or ≥ 24 CPU-hours: dirac), 5 resources beyond a
/// workstation (slurm), 6 local.
/// </summary>
public static partial class BackendPolicy
{
    /// <summary>Decides for <paramref name="jobCount"/> jobs of <paramref name="application"/>.</summary>
    public static BackendDecision Decide(CatalogApplication application, string goal, bool sensitive, IReadOnlyList<string> available, int jobCount)
    {
        var has = (string backend) => available.Contains(backend);
        var reasons = new List<string>();
        if (application.RunsOnOnnx)
        {
            if (has("onnx"))
            {
                return new BackendDecision("onnx", false, ["backend onnx: the application declares vipagent:runtime onnx, rule 1"]);
            }

            reasons.Add("rule 1 (onnx runtime) skipped: this site has no onnx backend");
        }

        var asked = ExplicitRequest(goal);
        if (sensitive || SaysSensitive(goal))
        {
            var why = sensitive ? "the data set is marked sensitive" : "the goal says the data are identifiable or must stay on site";
            if (asked == "dirac")
            {
                return new BackendDecision(null, true, [$"refused: {why} and the goal asks for the grid, rule 2"]);
            }

            var backend = has("slurm") ? "slurm" : "local";
            return new BackendDecision(backend, false, [.. reasons, $"backend {backend}: {why}, never dirac, rule 2"]);
        }

        if (asked is not null)
        {
            if (has(asked))
            {
                return new BackendDecision(asked, false, [.. reasons, $"backend {asked}: the goal asks for it, rule 3"]);
            }

            reasons.Add($"rule 3 skipped: the goal asks for {asked}, which this site lacks");
        }

        var walltime = application.Resources.WalltimeSeconds ?? 0;
        var cpuHours = jobCount * walltime / 3600;
        if (jobCount >= 10 || cpuHours >= 24)
        {
            var why = jobCount >= 10 ? $"{jobCount} jobs ≥ 10" : $"{cpuHours:0.#} CPU-hours ≥ 24";
            if (has("dirac"))
            {
                return new BackendDecision("dirac", false, [.. reasons, $"backend dirac: {why}, rule 4"]);
            }

            reasons.Add($"rule 4 skipped: {why} wants dirac, which this site lacks");
        }

        var heavy = HeavyResources(application.Resources);
        if (heavy is not null)
        {
            if (has("slurm"))
            {
                return new BackendDecision("slurm", false, [.. reasons, $"backend slurm: {heavy}, rule 5"]);
            }

            reasons.Add($"rule 5 skipped: {heavy} wants slurm, which this site lacks");
        }

        return new BackendDecision("local", false, [.. reasons, "backend local: nothing calls for another backend, rule 6"]);
    }

    private static string? HeavyResources(SuggestedResources r) =>
        r.RamGb > 16 ? $"ram {r.RamGb} GB > 16"
        : r.CpuCores > 8 ? $"cpu-cores {r.CpuCores} > 8"
        : r.GpuCores >= 1 ? $"gpu-cores {r.GpuCores} ≥ 1"
        : r.WalltimeSeconds > 4 * 3600 ? $"walltime-estimate {r.WalltimeSeconds} s > 4 h"
        : null;

    private static string? ExplicitRequest(string goal)
    {
        var grid = Grid().Match(goal);
        var cluster = Cluster().Match(goal);
        var local = Local().Match(goal);
        return new[] { (grid, "dirac"), (cluster, "slurm"), (local, "local") }
            .Where(m => m.Item1.Success).OrderBy(m => m.Item1.Index).Select(m => m.Item2).FirstOrDefault();
    }

    private static bool SaysSensitive(string goal) => Sensitive().IsMatch(goal);

    [GeneratedRegex("\\b(grid|EGI|DIRAC)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Grid();

    [GeneratedRegex("\\b(cluster|slurm|HPC|batch)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cluster();

    [GeneratedRegex("\\b(locally|on this machine|on my workstation)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Local();

    [GeneratedRegex("\\b(identifiable|not leave|may leave|never leave|in-house|stay(s)? on site)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Sensitive();
}
