using System.Text.Json.Nodes;

namespace VipAgent.Planner.Catalog;

/// <summary>One descriptor input as the planner sees it.</summary>
public sealed record CatalogInput(
    string Id,
    string Name,
    string Description,
    string Type,
    bool Optional,
    bool IsList,
    JsonNode? DefaultValue,
    IReadOnlyList<JsonNode> ValueChoices,
    string? CommandLineFlag,
    bool Integer,
    double? Minimum,
    double? Maximum)
{
    /// <summary>Required: not optional and no default value.</summary>
    public bool MustBeBound => !Optional && DefaultValue is null;

    /// <summary>Reads an input object of a descriptor.</summary>
    public static CatalogInput Read(JsonObject input) => new(
        input["id"]?.ToString() ?? "",
        input["name"]?.ToString() ?? "",
        input["description"]?.ToString() ?? "",
        input["type"]?.ToString() ?? "String",
        input["optional"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
        input["list"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
        input["default-value"]?.DeepClone(),
        (input["value-choices"] as JsonArray ?? []).Where(c => c is not null).Select(c => c!.DeepClone()).ToList(),
        input["command-line-flag"]?.ToString(),
        input["integer"]?.GetValueKind() == System.Text.Json.JsonValueKind.True,
        Number(input["minimum"]),
        Number(input["maximum"]));

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
