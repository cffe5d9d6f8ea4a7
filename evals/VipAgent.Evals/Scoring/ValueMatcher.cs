using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Evals.Scoring;

/// <summary>
/// Matches a bound value against an expectation as the evals README defines: numbers numerically, files by base
/// name, lists as multisets, and the matchers <c>oneOf</c>, <c>approx</c>/<c>rel</c>, <c>present</c>, <c>absent</c>.
/// </summary>
public static class ValueMatcher
{
    /// <summary>True when <paramref name="actual"/> (null: not bound) satisfies <paramref name="expected"/>.</summary>
    public static bool Matches(JsonNode? expected, JsonNode? actual)
    {
        if (expected is JsonObject matcher)
        {
            if (matcher["present"] is not null)
            {
                return actual is not null;
            }

            if (matcher["absent"] is not null)
            {
                return actual is null;
            }

            if (matcher["oneOf"] is JsonArray options)
            {
                return options.Any(o => Matches(o, actual));
            }

            if (matcher["approx"] is JsonNode approx && Number(actual) is double value)
            {
                var target = double.Parse(approx.ToJsonString(), CultureInfo.InvariantCulture);
                var rel = matcher["rel"] is JsonNode r ? double.Parse(r.ToJsonString(), CultureInfo.InvariantCulture) : 0.01;
                return Math.Abs(value - target) <= Math.Abs(target) * rel;
            }

            return false;
        }

        if (actual is null)
        {
            return false;
        }

        if (expected is JsonArray list)
        {
            return actual is JsonArray bound && list.Select(Plain).Order(StringComparer.Ordinal).SequenceEqual(bound.Select(Plain).Order(StringComparer.Ordinal));
        }

        if (actual is JsonArray single && single.Count == 1)
        {
            actual = single[0];
        }

        return Number(expected) is double number ? Number(actual) == number : Plain(expected) == Plain(actual);
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static string Plain(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Path.GetFileName(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
