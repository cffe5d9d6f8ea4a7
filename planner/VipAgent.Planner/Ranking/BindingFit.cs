using System.Text.Json.Nodes;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Ranking;

/// <summary>
/// How well an application's inputs take what the goal gives, added to its retrieval score to choose among the best
/// candidates: the share of the goal's files it binds to inputs whose described format they fit (1 for all), less
/// 0.5 for each input given a file of another format (a NIfTI for a "tarball"; a zip of "JPEGs" for a zip of
/// "DICOM" images), less 0.35 for each required input
/// left unbound, plus 0.1 for each value read from the goal (numbers, strings, choices; at most 0.3).
/// </summary>
public static class BindingFit
{
    /// <summary>The most a binding can add: every file fitting (1) and three values read (0.3).</summary>
    public const double Most = 1.3;

    /// <summary>The fit of <paramref name="binding"/> of <paramref name="application"/> for the goal's <paramref name="files"/>.</summary>
    public static double Score(CatalogApplication application, Binding.Binding binding, string goal, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(files);
        // The formats the goal's own words give its data ("~2000 JPEGs"), file names left out.
        var written = FileKinds.Contents(FileKinds.AskedFor(string.Join(' ', goal.Split(' ').Where(t => !files.Any(f => t.Contains(Path.GetFileName(f), StringComparison.Ordinal))))));
        var fitting = new HashSet<string>(StringComparer.Ordinal);
        var misfits = 0;
        var values = 0;
        foreach (var input in application.Inputs.Where(i => binding.Parameters.ContainsKey(i.Id)))
        {
            var bound = Values(binding.Parameters[input.Id]);
            if (input.Type != "File")
            {
                values += input.Type == "Flag" ? 0 : 1;
                continue;
            }

            var asked = FileKinds.AskedFor($"{input.Id} {input.Name} {input.Description}");
            var given = bound.Where(files.Contains).ToList();
            if ((asked.Count > 0 && given.Any(f => FileKinds.FamilyOf(f) is { } family && !asked.Contains(family)))
                || (FileKinds.Contents(asked) is { Count: > 0 } wanted && written.Count > 0 && !written.Overlaps(wanted)))
            {
                misfits++;
                continue;
            }

            fitting.UnionWith(given);
        }

        var share = files.Count == 0 ? 0 : (double)fitting.Count / files.Count;
        return share - (0.5 * misfits) - (0.35 * binding.Missing.Count) + Math.Min(Most - 1, 0.1 * values);
    }

    private static List<string> Values(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.ToString() ?? "")] : [node?.ToString() ?? ""];
}
