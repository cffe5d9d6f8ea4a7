using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Iteration;

/// <summary>Lists the entries of a directory input (VIP lists them on the grid); only names matching the patterns are kept.</summary>
public delegate IReadOnlyList<string> DirectoryLister(string directory);

/// <summary>The job invocations of one invocation, or why it cannot be expanded.</summary>
public sealed record Expansion(IReadOnlyList<JsonObject> Jobs, IReadOnlyList<DescriptorProblem> Problems);

/// <summary>
/// VIP's MoteurLite iteration: <c>vip:overriddenInputs</c> copies a source input's value into a hidden input,
/// <c>vip:intIteratorInputs</c> turns N into 0..N-1, <c>vip:directoryInputs</c> turns a directory into its matching
/// files, then jobs = cross(dot(<c>vip:dot</c> inputs), cross(all other inputs)). A multi-valued input is a JSON array
/// for a non-list input, or an array of arrays for a list input. Inputs with null or no value are dropped.
/// </summary>
public static class JobExpander
{
    public static Expansion Expand(BoutiquesDescriptor descriptor, JsonObject invocation, DirectoryLister? lister = null, int maxJobs = int.MaxValue)
    {
        var values = new JsonObject();
        foreach (var (key, value) in invocation)
        {
            if (value is not null && value.GetValueKind() != JsonValueKind.Null)
            {
                values[key] = value.DeepClone();
            }
        }

        foreach (var (hidden, source) in descriptor.Custom["vip:overriddenInputs"] as JsonObject ?? [])
        {
            if (source?.GetValueKind() == JsonValueKind.String && values[source.GetValue<string>()] is { } copied)
            {
                values[hidden] = copied.DeepClone();
            }
        }

        var problems = new List<DescriptorProblem>();
        var dotIds = (descriptor.Custom["vip:dot"] as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToHashSet();
        var axes = new List<Axis>();
        var dot = new List<(string Id, List<JsonNode> Values)>();
        foreach (var (id, value) in values)
        {
            var alternatives = Alternatives(descriptor, id, value!, lister, problems);
            if (dotIds.Contains(id))
            {
                dot.Add((id, alternatives));
            }
            else
            {
                axes.Add(new Axis([id], alternatives.Select(v => new[] { v }).ToList()));
            }
        }

        if (dot.Count > 0)
        {
            if (dot.Select(d => d.Values.Count).Distinct().Count() > 1)
            {
                problems.Add(new DescriptorProblem("$", $"The vip:dot inputs are iterated pairwise and need the same number of values: {string.Join(", ", dot.Select(d => $"'{d.Id}' has {d.Values.Count}"))}."));
            }
            else
            {
                axes.Insert(0, new Axis(dot.Select(d => d.Id).ToArray(), Enumerable.Range(0, dot[0].Values.Count).Select(i => dot.Select(d => d.Values[i]).ToArray()).ToList()));
            }
        }

        var total = axes.Aggregate(1L, (product, axis) => product * axis.Tuples.Count);
        if (total > maxJobs)
        {
            problems.Add(new DescriptorProblem("$", $"This invocation expands into {total} jobs, more than the limit of {maxJobs}."));
        }

        return problems.Count > 0 ? new Expansion([], problems) : new Expansion(Cross(axes, (int)total), []);
    }

    private sealed record Axis(string[] Ids, List<JsonNode[]> Tuples);

    private static List<JsonObject> Cross(List<Axis> axes, int total)
    {
        var jobs = new List<JsonObject>(total);
        var position = new int[axes.Count];
        for (var n = 0; n < total; n++)
        {
            var job = new JsonObject();
            for (var a = 0; a < axes.Count; a++)
            {
                var tuple = axes[a].Tuples[position[a]];
                for (var i = 0; i < tuple.Length; i++)
                {
                    job[axes[a].Ids[i]] = tuple[i].DeepClone();
                }
            }

            jobs.Add(job);
            for (var a = axes.Count - 1; a >= 0 && ++position[a] == axes[a].Tuples.Count; a--)
            {
                position[a] = 0;
            }
        }

        return jobs;
    }

    private static List<JsonNode> Alternatives(BoutiquesDescriptor descriptor, string id, JsonNode value, DirectoryLister? lister, List<DescriptorProblem> problems)
    {
        var input = descriptor.FindInput(id);
        if (descriptor.Custom["vip:intIteratorInputs"] is JsonArray iterated && iterated.Any(n => n?.ToString() == id))
        {
            if (value.GetValueKind() != JsonValueKind.Number || value.AsDouble() is var count && (count < 0 || count != Math.Floor(count)))
            {
                problems.Add(new DescriptorProblem($"$.{id}", $"'{id}' is a vip:intIteratorInputs input: give a non-negative integer N, for jobs 0 to N-1."));
                return [];
            }

            return Enumerable.Range(0, (int)value.AsDouble()).Select(i => (JsonNode)JsonValue.Create(i)).ToList();
        }

        var items = value switch
        {
            JsonArray array when input is { List: false } || (input is { List: true } && array.All(a => a is JsonArray)) => array.Where(a => a is not null).Select(a => a!).ToList(),
            _ => [value],
        };
        if (lister is not null && descriptor.Custom["vip:directoryInputs"] is JsonObject directories && directories[id] is JsonObject spec)
        {
            var patterns = (spec["patterns"] as JsonArray ?? []).Select(p => p?.ToString() ?? "*").ToList();
            items = items.SelectMany(item => lister(item.ToString())
                .Where(path => patterns.Count == 0 || patterns.Any(p => Glob.Matches(p, path[(path.LastIndexOf('/') + 1)..])))
                .Select(path => (JsonNode)JsonValue.Create(path))).ToList();
        }

        return items;
    }
}
