using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Boutiques;

/// <summary>
/// Reads descriptor and invocation text as bosh (Python's json) does: a key written twice keeps its last value
/// (VIP's csa-1.1 has two "tool-version"), numbers keep their literal form (1 stays an integer, 1.0 a real).
/// </summary>
public static class BoutiquesJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JsonNode? Parse(string text)
    {
        using var document = JsonDocument.Parse(text, Options);
        return ToNode(document.RootElement);
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
