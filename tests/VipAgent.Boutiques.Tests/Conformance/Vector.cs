using System.Text.Json.Nodes;
using VipAgent.Testing;

namespace VipAgent.Boutiques.Tests.Conformance;

/// <summary>One conformance vector of ../shared/boutiques/vectors (format in its README).</summary>
internal sealed record Vector(string Id, string Kind, JsonObject Descriptor, string DescriptorText, JsonNode? Invocation, JsonObject Expect, JsonObject Json)
{
    public const string Absent = "(../shared absent)";

    public static IEnumerable<string> Ids()
    {
        if (SharedData.Root is not { } root)
        {
            return [Absent];
        }

        return Directory.GetFiles(Path.Combine(root, "boutiques", "vectors"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal);
    }

    public static Vector Load(string id)
    {
        var folder = SharedData.Require("boutiques", "vectors");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, id + ".json")))!.AsObject();
        var descriptorText = File.ReadAllText(Path.Combine(folder, "descriptors", json["descriptor"]!.GetValue<string>()));
        return new Vector(id, json["kind"]!.GetValue<string>(), JsonNode.Parse(descriptorText)!.AsObject(), descriptorText, json["invocation"], json["expect"]!.AsObject(), json);
    }

    /// <summary>The invocation as JSON text: an object is serialised, a raw string is passed as it is (it may not be JSON).</summary>
    public string InvocationText => Invocation is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : Invocation?.ToJsonString() ?? "{}";
}
