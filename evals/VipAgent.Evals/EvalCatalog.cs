using System.Text.Json.Nodes;

namespace VipAgent.Evals;

/// <summary>
/// The catalog the evals README prescribes, read in place from the shared folder: every descriptor in
/// <c>descriptors/vip</c> and <c>descriptors/cbrain</c> whose MANIFEST entry passes validation, and the ONNX
/// applications in <c>evals/catalog</c>.
/// </summary>
public static class EvalCatalog
{
    /// <summary>The descriptor texts, in a fixed order.</summary>
    public static IReadOnlyList<string> Load(string sharedRoot) => [.. Files(sharedRoot).Select(File.ReadAllText)];

    /// <summary>The descriptor files, in a fixed order.</summary>
    public static IReadOnlyList<string> Files(string sharedRoot)
    {
        var descriptors = Path.Combine(sharedRoot, "descriptors");
        var failing = (JsonNode.Parse(File.ReadAllText(Path.Combine(descriptors, "MANIFEST.json"))) as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(e => e["passes_bosh_validate"]?.GetValue<bool>() == false || e["passes_json_schema"]?.GetValue<bool>() == false)
            .Select(e => Path.GetFullPath(Path.Combine(descriptors, e["file"]!.ToString())))
            .ToHashSet();
        var files = new[] { Path.Combine(descriptors, "vip"), Path.Combine(descriptors, "cbrain"), Path.Combine(sharedRoot, "evals", "catalog") }
            .SelectMany(folder => Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            .Where(f => !failing.Contains(Path.GetFullPath(f)));
        return [.. files];
    }
}
