using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Binding;

/// <summary>
/// Binds the context's files to File inputs. Files that differ only in their digits form a series (sub-01 … sub-12);
/// each series goes first to an input whose id or name its own file name writes, else to the input whose words (and
/// the goal's words around the file) fit it best, one series per input; a series left over joins an input of its best fit already holding files of the same extension
/// (voxel_hippo.mrui, voxel_cortex.mrui). Several files bound to a non-list input run one job each.
/// </summary>
public static partial class FileBinder
{
    private const double Threshold = 0.5;
    private static readonly GoalText NoGoal = new("");
    private static readonly HashSet<string> GenericIdWords = ["file", "files", "archive", "tarball", "tar", "zip", "folder", "dir", "input", "in", "path", "name", "image", "data"];

    /// <summary>Binds into <paramref name="parameters"/>; returns one reason per bound input.</summary>
    public static IReadOnlyList<string> Bind(IReadOnlyList<CatalogInput> inputs, IReadOnlyList<string> files, GoalText goal, JsonObject parameters)
    {
        var fileInputs = inputs.Where(i => i.Type == "File").ToList();
        // Files alike but for their digits, split again where their best input differs (t1 and t2 of one case).
        var series = files.GroupBy(Shape, StringComparer.Ordinal)
            .SelectMany(g => g.GroupBy(f => BestInput(f, fileInputs), StringComparer.Ordinal))
            .Select(g => g.ToList()).ToList();
        // A file whose own name writes an input's id or name (exam1_t2.zip: t2_archive), in a format it does not rule out, goes there before any
        // pairing by the goal's words around it or by extension.
        var pairs = (from s in series
                     from input in fileInputs
                     let score = Score(s, input, goal) + (input.MustBeBound ? 0.05 : 0)
                     where score >= Threshold
                     orderby NamesInput(s[0], input) descending, score descending
                     select (Series: s, Input: input, Score: score)).ToList();

        var assigned = new Dictionary<string, List<string>>();
        var placed = new HashSet<List<string>>();
        foreach (var (s, input, _) in pairs)
        {
            if (placed.Contains(s) || assigned.ContainsKey(input.Id))
            {
                continue;
            }

            assigned[input.Id] = [.. s];
            placed.Add(s);
        }

        foreach (var s in series.Where(s => !placed.Contains(s)))
        {
            var best = pairs.FirstOrDefault(p => p.Series == s);
            if (best.Input is not null && assigned.TryGetValue(best.Input.Id, out var held) && held.Any(f => Extension(f) == Extension(s[0])))
            {
                held.AddRange(s);
                placed.Add(s);
            }
        }

        var leftover = series.Where(s => !placed.Contains(s)).ToList();
        foreach (var input in fileInputs.Where(i => i.MustBeBound && !assigned.ContainsKey(i.Id)).ToList())
        {
            if (leftover.Count == 0)
            {
                break;
            }

            assigned[input.Id] = [.. leftover[0]]; // by position: the first file nothing else claimed
            leftover.RemoveAt(0);
        }

        var reasons = new List<string>();
        foreach (var input in fileInputs.Where(i => assigned.ContainsKey(i.Id)))
        {
            var bound = assigned[input.Id];
            parameters[input.Id] = bound.Count == 1 && !input.IsList ? JsonValue.Create(bound[0]) : new JsonArray([.. bound.Select(f => (JsonNode)JsonValue.Create(f))]);
            reasons.Add(bound.Count > 1 && !input.IsList
                ? $"input {input.Id}: {bound.Count} files, one job each"
                : $"input {input.Id}: {string.Join(", ", bound)}");
        }

        return reasons;
    }

    /// <summary>The extension: everything after the first dot of the base name.</summary>
    public static string Extension(string file)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? "" : name[(dot + 1)..].ToLowerInvariant();
    }

    // By the file's own name only: the goal's words around one file of a series must not split it.
    private static string BestInput(string file, List<CatalogInput> inputs) =>
        inputs.Select(i => (i.Id, Score: Score([file], i, NoGoal))).Where(p => p.Score >= Threshold)
            .OrderByDescending(p => p.Score).Select(p => p.Id).FirstOrDefault() ?? "";

    // The file's name writes every word of the input's id but the generic ones (exam1_t2.zip: t2_archive;
    // E12_fid: fid), and its format is one the input's words ask for, if they ask for any.
    private static bool NamesInput(string file, CatalogInput input)
    {
        var asked = Ranking.FileKinds.AskedFor($"{input.Id} {input.Name} {input.Description}");
        if (asked.Count > 0 && !(Ranking.FileKinds.FamilyOf(file) is { } family && asked.Contains(family)))
        {
            return false;
        }

        var id = Words.Split(input.Id).Where(w => !GenericIdWords.Contains(w)).ToList();
        var written = Words.Split(Path.GetFileName(file)).ToHashSet();
        return id.Count > 0 && id.All(written.Contains);
    }

    private static string Shape(string file) => Digits().Replace(Path.GetFileName(file), "#");

    private static double Score(List<string> series, CatalogInput input, GoalText goal)
    {
        var terms = new InputTerms(input);
        var file = Path.GetFileName(series[0]);
        var words = Words.Split(file).Where(w => !w.All(char.IsDigit)).Distinct().ToList();
        var fromName = words.Count == 0 ? 0 : words.Max(terms.Match);
        var extension = Extension(file);
        var fromExtension = extension.Length > 0 && Words.Split(extension).Where(e => e != "gz").SelectMany(Kinds).Any(e => Mentions(input, e)) ? 0.6 : 0;
        var fromGoal = series.Select(f => goal.Tokens.ToList().IndexOf(Path.GetFileName(f))).Where(i => i >= 0)
            .Select(i => goal.ContextScore(i, 1, terms)).DefaultIfEmpty(0).Max();
        return fromName + fromExtension + (0.8 * fromGoal);
    }

    // What a file with this extension usually holds, in the words descriptors use.
    private static IEnumerable<string> Kinds(string extension) => extension switch
    {
        "nii" or "mgz" or "mnc" => [extension, "nifti", "volume", "scan", "mri"],
        "zip" or "tar" or "tgz" => [extension, "archive", "tarball", "zipped"],
        _ => [extension],
    };

    private static bool Mentions(CatalogInput input, string extension) =>
        Words.Split($"{input.Id} {input.Name} {input.Description}").Any(w => Words.Similarity(w, extension) >= 0.7);

    [GeneratedRegex("\\d+")]
    private static partial Regex Digits();
}
