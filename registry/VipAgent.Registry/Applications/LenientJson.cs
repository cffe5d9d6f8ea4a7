using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Registry.Applications;

/// <summary>
/// Parses descriptor text as bosh (Python's json) reads it: a key repeated in one object keeps its
/// last value. System.Text.Json's nodes would throw on first access instead (vip/csa-1.1.json repeats
/// "tool-version").
/// </summary>
internal static class LenientJson
{
    public static JsonNode? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Build(document.RootElement);
    }

    private static JsonNode? Build(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new JsonObject(), (obj, property) =>
        {
            obj[property.Name] = Build(property.Value);
            return obj;
        }),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(Build)]),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(element.Clone()),
    };
}
