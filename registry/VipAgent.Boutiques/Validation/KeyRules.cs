using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Validation;

/// <summary>bosh's validator checks on ids and value-keys, on the tests section and on the container image index.</summary>
internal static class KeyRules
{
    public static void Check(BoutiquesDescriptor d, JsonObject json, List<DescriptorProblem> problems)
    {
        var parameters = d.Inputs.Select((p, i) => (p.Id, p.ValueKey, Path: $"$.inputs[{i}]"))
            .Concat(d.Outputs.Select((p, i) => (p.Id, p.ValueKey, Path: $"$.output-files[{i}]"))).ToList();
        var places = new List<string> { d.CommandLine };
        places.AddRange(d.Outputs.SelectMany(o => o.FileTemplate ?? []));
        places.AddRange(d.EnvironmentVariables.Select(e => e.Value));
        places.AddRange(d.Outputs.Select(o => o.PathTemplate ?? ""));
        places.AddRange(d.Outputs.SelectMany(o => o.ConditionalPathTemplate ?? []).Select(c => c.Template));
        foreach (var (id, key, path) in parameters.Where(p => !string.IsNullOrEmpty(p.ValueKey)))
        {
            if (!places.Any(p => p.Contains(key!, StringComparison.Ordinal)))
            {
                problems.Add(new DescriptorProblem($"{path}.value-key", $"The value-key \"{key}\" of '{id}' appears nowhere: not in the command-line, a path-template, a file-template or an environment variable."));
            }

            foreach (var (otherId, otherKey, _) in parameters.Where(p => !string.IsNullOrEmpty(p.ValueKey) && p.ValueKey != key && key!.Contains(p.ValueKey!, StringComparison.Ordinal)))
            {
                problems.Add(new DescriptorProblem($"{path}.value-key", $"The value-key \"{key}\" of '{id}' contains the value-key \"{otherKey}\" of '{otherId}', so substitution would be ambiguous."));
            }
        }

        var ids = parameters.Select(p => (p.Id, p.Path)).Concat(d.Groups.Select((g, i) => (g.Id, Path: $"$.groups[{i}]")));
        foreach (var duplicate in ids.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            problems.Add(new DescriptorProblem($"{duplicate.Last().Path}.id", $"The id \"{duplicate.Key}\" is used {duplicate.Count()} times among inputs, outputs and groups; ids must be unique."));
        }

        foreach (var shared in parameters.Where(p => !string.IsNullOrEmpty(p.ValueKey)).GroupBy(p => p.ValueKey).Where(g => g.Count() > 1))
        {
            var members = shared.Select(p => p.Id).ToList();
            var exclusive = d.Groups.Any(g => g.MutuallyExclusive && members.All(g.Members.Contains));
            if (!exclusive)
            {
                problems.Add(new DescriptorProblem($"{shared.Last().Path}.value-key", $"The value-key \"{shared.Key}\" belongs to {string.Join(", ", members.Select(m => $"'{m}'"))}; inputs may share a value-key only inside one mutually-exclusive group."));
            }
        }

        CheckTests(d, json, problems);
        CheckContainerIndex(d, problems);
    }

    private static void CheckTests(BoutiquesDescriptor d, JsonObject json, List<DescriptorProblem> problems)
    {
        var tests = json["tests"] as JsonArray ?? [];
        var names = new HashSet<string>();
        for (var t = 0; t < tests.Count; t++)
        {
            var test = tests[t] as JsonObject;
            var name = test?["name"]?.ToString() ?? "";
            if (!names.Add(name))
            {
                problems.Add(new DescriptorProblem($"$.tests[{t}].name", $"The test name \"{name}\" is used twice; test names must be unique."));
            }

            var ids = (test?["assertions"]?["output-files"] as JsonArray ?? []).Select(o => o?["id"]?.ToString() ?? "").ToList();
            foreach (var id in ids.Where(id => d.FindOutput(id) is null))
            {
                problems.Add(new DescriptorProblem($"$.tests[{t}].assertions", $"Test \"{name}\" checks the output \"{id}\", which is not an output id of this descriptor."));
            }

            foreach (var id in ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                problems.Add(new DescriptorProblem($"$.tests[{t}].assertions", $"Test \"{name}\" checks the output \"{id}\" more than once."));
            }
        }
    }

    private static void CheckContainerIndex(BoutiquesDescriptor d, List<DescriptorProblem> problems)
    {
        if (d.Container is { Image: { } image, Index: { } index } && image.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0
            && !index.StartsWith(image[..(scheme + 3)], StringComparison.Ordinal))
        {
            problems.Add(new DescriptorProblem("$.container-image.image", $"The container image \"{image}\" is prepended by an index that doesn't match the container index value \"{index}\"."));
        }
    }
}
