using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Tools.Planning;

/// <summary>
/// The structured plan the model is asked for: <c>{"outcome", "application", "version", "parameters", "backend",
/// "reason"}</c>, read from the last JSON object of its answer (code fences and prose around it are ignored).
/// </summary>
internal sealed record ModelAnswer(string Outcome, string? Application, string? Version, JsonObject Parameters, string? Backend, string? Reason)
{
    /// <summary>The answer in <paramref name="text"/>, or the problem with it in words the model can act on.</summary>
    public static (ModelAnswer? Answer, string? Problem) Read(string? text)
    {
        var start = text?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        var end = text?.LastIndexOf('}') ?? -1;
        if (text is null || start < 0 || end < start)
        {
            return (null, "the answer holds no JSON object; answer with the plan as one JSON object");
        }

        JsonObject plan;
        try
        {
            plan = JsonNode.Parse(text[start..(end + 1)]) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return (null, $"the answer is not valid JSON ({e.Message}); answer with the plan as one JSON object");
        }

        static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
        var parameters = plan["parameters"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => null,
        };
        return parameters is null
            ? (null, "\"parameters\" must be a JSON object mapping input ids to values")
            : (new ModelAnswer(Text(plan["outcome"])?.ToLowerInvariant() ?? "plan", Text(plan["application"]), Text(plan["version"]), parameters, Text(plan["backend"]), Text(plan["reason"])), null);
    }
}
