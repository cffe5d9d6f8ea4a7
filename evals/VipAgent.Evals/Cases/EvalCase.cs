using System.Text.Json.Nodes;
using VipAgent.Planner.Plans;

namespace VipAgent.Evals.Cases;

/// <summary>One line of a cases file: a goal, its context and what a careful engineer would plan.</summary>
public sealed record EvalCase(string Id, PlanRequest Request, JsonObject Expect)
{
    /// <summary>Reads a cases file (JSON Lines); throws <see cref="FormatException"/> naming the line that is not a case.</summary>
    public static IReadOnlyList<EvalCase> ReadAll(string path)
    {
        var cases = new List<EvalCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                cases.Add(Parse(JsonNode.Parse(line) as JsonObject ?? throw new InvalidOperationException("a line must be a JSON object")));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new FormatException($"{path}:{number}: not an evaluation case ({e.Message})", e);
            }
        }

        return cases;
    }

    private static readonly string[] Outcomes = ["plan", "clarify", "refuse"];

    private static EvalCase Parse(JsonObject line)
    {
        var id = Text(line, "id");
        var goal = Text(line, "goal");
        var expect = line["expect"] as JsonObject ?? throw new InvalidOperationException($"case {id} has no \"expect\" object");
        var outcome = expect["outcome"]?.ToString() ?? "plan";
        if (!Outcomes.Contains(outcome))
        {
            throw new InvalidOperationException($"case {id}: expect.outcome \"{outcome}\" is not one of plan, clarify, refuse");
        }

        var context = line["context"] as JsonObject ?? [];
        var files = (context["files"] as JsonArray ?? []).Select(f => f!.ToString()).ToList();
        var backends = context["backends"] is JsonArray array ? array.Select(b => b!.ToString()).ToList() : null;
        var sensitive = context["sensitive"]?.GetValue<bool>() ?? false;
        return new EvalCase(id, new PlanRequest(goal, files, sensitive, backends), expect);
    }

    private static string Text(JsonObject line, string key) =>
        line[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new InvalidOperationException($"\"{key}\" is missing or not a string");
}
