using System.Text.Json.Nodes;
using VipAgent.Boutiques;

namespace VipAgent.Planner.Catalog;

/// <summary>
/// A registered application as the planner reads it from its Boutiques descriptor: identity, inputs, VIP iteration
/// hints (<c>custom</c>) and <c>suggested-resources</c>.
/// </summary>
public sealed record CatalogApplication(
    string Name,
    string Version,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CatalogInput> Inputs,
    JsonObject Custom,
    SuggestedResources Resources,
    string DescriptorJson,
    string DescriptorSha256)
{
    /// <summary>True when the descriptor declares <c>"custom": {"vipagent:runtime": "onnx"}</c>.</summary>
    public bool RunsOnOnnx => Custom["vipagent:runtime"]?.ToString() == "onnx";

    /// <summary>Input ids the planner must not bind: hidden iterators filled from another input.</summary>
    public IReadOnlySet<string> OverriddenInputs =>
        (Custom["vip:overriddenInputs"] as JsonObject ?? []).Select(p => p.Key).ToHashSet();

    /// <summary>Input ids that <c>vip:dot</c> pairs one to one.</summary>
    public IReadOnlySet<string> DotInputs =>
        (Custom["vip:dot"] as JsonArray ?? []).Select(n => n?.ToString() ?? "").ToHashSet();

    /// <summary>Reads a descriptor; throws <see cref="ArgumentException"/> naming the problem when it is not a valid descriptor.</summary>
    public static CatalogApplication Read(string descriptorJson)
    {
        var problems = BoutiquesEngine.Validate(descriptorJson);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Not a valid Boutiques descriptor: {problems[0]}", nameof(descriptorJson));
        }

        var root = BoutiquesJson.Parse(descriptorJson)!.AsObject();
        var tags = new List<string>();
        foreach (var (key, value) in root["tags"] as JsonObject ?? [])
        {
            tags.Add(key);
            tags.AddRange(value is JsonArray array ? array.Select(v => v?.ToString() ?? "") : [value?.ToString() ?? ""]);
        }

        return new CatalogApplication(
            root["name"]?.ToString() ?? "",
            root["tool-version"]?.ToString() ?? "",
            root["description"]?.ToString() ?? "",
            tags,
            (root["inputs"] as JsonArray ?? []).OfType<JsonObject>().Select(CatalogInput.Read).ToList(),
            root["custom"] as JsonObject ?? [],
            SuggestedResources.Read(root["suggested-resources"] as JsonObject),
            descriptorJson,
            CanonicalJson.Sha256Hex(CanonicalJson.Serialize(root)));
    }
}
