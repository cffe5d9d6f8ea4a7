using System.Text.Json.Nodes;
using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Binding;

/// <summary>The bound inputs, the required inputs that could not be bound, and why each binding was made.</summary>
public sealed record Binding(JsonObject Parameters, IReadOnlyList<string> Missing, IReadOnlyList<string> Reasons);

/// <summary>
/// Binds an application's inputs from a goal and its files: files first, then flags, choices, numbers and strings;
/// a String input that <c>vip:dot</c> pairs with several files and that the goal gives no list for takes each file's
/// label (the base name up to its first underscore). Hidden iterator inputs (<c>vip:overriddenInputs</c>) are never
/// bound: the engine fills them.
/// </summary>
public static class ParameterBinder
{
    /// <summary>Binds <paramref name="application"/>'s inputs.</summary>
    public static Binding Bind(CatalogApplication application, string goal, IReadOnlyList<string> files)
    {
        var text = new GoalText(goal);
        var inputs = application.Inputs.Where(i => !application.OverriddenInputs.Contains(i.Id)).ToList();
        var parameters = new JsonObject();
        var reasons = new List<string>();
        reasons.AddRange(FileBinder.Bind(inputs, files, text, parameters));
        reasons.AddRange(ValueBinder.Bind(inputs, text, files.Select(Path.GetFileName).OfType<string>().ToHashSet(),
            Retrieval.Words.Whole($"{application.Name} {application.Version}").ToHashSet(), parameters));
        reasons.AddRange(PairLabels(application, inputs, parameters));
        var missing = inputs.Where(i => i.MustBeBound && !parameters.ContainsKey(i.Id)).Select(i => i.Id).ToList();
        return new Binding(parameters, missing, reasons);
    }

    private static IEnumerable<string> PairLabels(CatalogApplication application, List<CatalogInput> inputs, JsonObject parameters)
    {
        var series = application.DotInputs.Select(id => parameters[id]).OfType<JsonArray>().FirstOrDefault();
        if (series is null)
        {
            yield break;
        }

        foreach (var input in inputs.Where(i => i.Type == "String" && application.DotInputs.Contains(i.Id) && parameters[i.Id] is not JsonArray))
        {
            var labels = series.Select(f => Label(f?.ToString() ?? "")).ToList();
            parameters[input.Id] = new JsonArray([.. labels.Select(l => (JsonNode)JsonValue.Create(l))]);
            yield return $"input {input.Id}: {string.Join(", ", labels)} (one per file, paired by vip:dot)";
        }
    }

    private static string Label(string file)
    {
        var name = Path.GetFileName(file);
        var cut = name.IndexOfAny(['_', '.']);
        return cut > 0 ? name[..cut] : name;
    }
}
