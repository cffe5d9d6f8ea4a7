using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Model;

/// <summary>Reads a JSON number whether it was parsed from text or built in code (<c>JsonValue.Create(3)</c>).</summary>
internal static class JsonNumbers
{
    public static double AsDouble(this JsonNode node)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<JsonElement>(out var element))
            {
                return element.GetDouble();
            }

            if (value.TryGetValue<double>(out var real))
            {
                return real;
            }

            if (value.TryGetValue<int>(out var integer))
            {
                return integer;
            }

            if (value.TryGetValue<long>(out var large))
            {
                return large;
            }
        }

        return double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
