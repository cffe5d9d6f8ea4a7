using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Model;

/// <summary>Reads a JSON number whether it was parsed from text or built in code (<c>JsonValue.Create(3)</c>).</summary>
internal static class JsonNumbers
{
    public static double AsDouble(this JsonNode node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element)
            ? element.GetDouble()
            : double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
