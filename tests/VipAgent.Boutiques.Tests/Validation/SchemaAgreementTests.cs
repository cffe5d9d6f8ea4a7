using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using VipAgent.Testing;

namespace VipAgent.Boutiques.Tests.Validation;

/// <summary>
/// The library writes the rules of descriptor.schema.json as code; here JsonSchema.Net evaluates the real schema file
/// and both must agree on every descriptor we have. The file is draft-04; none of its keywords changed meaning
/// in draft-07 (it has no boolean exclusiveMinimum), so it is evaluated as draft-07.
/// </summary>
public sealed class SchemaAgreementTests
{
    public static TheoryData<string> Descriptors()
    {
        if (SharedData.Root is not { } root)
        {
            return ["(../shared absent)"];
        }

        return [.. new[] { "descriptors/vip", "descriptors/cbrain", "descriptors/styx_dialect", "boutiques/vectors/descriptors" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.json"))
            .Where(file => Path.GetFileName(file) != "MANIFEST.json")
            .Select(file => Path.GetRelativePath(root, file))];
    }

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(SharedData.Require("boutiques", "descriptor.schema.json"))
            .Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Schema_rules_in_code_agree_with_the_schema_file(string file)
    {
        var text = File.ReadAllText(SharedData.Require(file));
        using var document = JsonDocument.Parse(text);
        var expected = Schema.Value.Evaluate(document.RootElement).IsValid;

        var problems = DescriptorValidator.ValidateSchema(BoutiquesJson.Parse(text));

        (problems.Count == 0).ShouldBe(expected, string.Join("\n", problems));
    }

    [Fact]
    public void Schema_rules_in_code_agree_with_the_schema_file_on_mutated_descriptors()
    {
        var root = SharedData.Require("descriptors");
        var originals = Directory.GetFiles(Path.Combine(root, "vip"), "*.json").Select(File.ReadAllText).ToList();
        var random = new Random(3);
        JsonNode?[] replacements = [null, 1, 2.5, -1, "", "x", true, new JsonArray(), new JsonObject(), new JsonArray("a"), "Flag", "0.5"];
        var disagreements = new List<string>();
        for (var n = 0; n < 1500; n++)
        {
            var descriptor = BoutiquesJson.Parse(originals[random.Next(originals.Count)])!;
            var (parent, key) = PickNode(descriptor, random);
            var description = Mutate(parent, key, replacements[random.Next(replacements.Length)]?.DeepClone(), random);
            using var document = JsonDocument.Parse(descriptor.ToJsonString());
            var expected = Schema.Value.Evaluate(document.RootElement).IsValid;
            var actual = DescriptorValidator.ValidateSchema(descriptor).Count == 0;
            if (expected != actual)
            {
                disagreements.Add($"{description}: schema file says {(expected ? "valid" : "invalid")}");
            }
        }

        disagreements.Distinct().ShouldBeEmpty();
    }

    // A random container (object or array) inside the descriptor and one of its keys or indexes.
    private static (JsonNode Parent, object Key) PickNode(JsonNode node, Random random)
    {
        while (true)
        {
            var children = node switch
            {
                JsonObject o => o.Select(p => (object)p.Key).ToList(),
                JsonArray a => Enumerable.Range(0, a.Count).Select(i => (object)i).ToList(),
                _ => [],
            };
            if (children.Count == 0)
            {
                return (node, "");
            }

            var key = children[random.Next(children.Count)];
            var child = key is string k ? node[k] : node[(int)key];
            if (child is JsonObject or JsonArray && random.Next(3) > 0)
            {
                node = child;
                continue;
            }

            return (node, key);
        }
    }

    private static string Mutate(JsonNode parent, object key, JsonNode? replacement, Random random)
    {
        var path = parent.GetPath() + (key is string k ? "." + k : $"[{key}]");
        if (parent is JsonObject o && key is string name)
        {
            if (random.Next(4) == 0)
            {
                o.Remove(name);
                return "removed " + path;
            }

            o[name] = replacement;
        }
        else if (parent is JsonArray a && key is int i)
        {
            a[i] = replacement;
        }

        return $"{path} = {replacement?.ToJsonString() ?? "null"}";
    }
}
