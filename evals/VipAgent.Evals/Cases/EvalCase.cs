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
                cases.Add(Parse(JsonNode.Parse(line)!.AsObject()));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
            {
                throw new FormatException($"{path}:{number}: not an evaluation case ({e.Message})", e);
            }
        }

        return cases;
    }

    private static EvalCase Parse(JsonObject line)
    {
        var context = line["context"] as JsonObject ?? [];
        var files = (context["files"] as JsonArray ?? []).Select(f => f!.ToString()).ToList();
        var backends = context["backends"] is JsonArray array ? array.Select(b => b!.ToString()).ToList() : null;
        var sensitive = context["sensitive"]?.GetValue<bool>() ?? false;
        return new EvalCase(
            line["id"]!.ToString(),
            new PlanRequest(line["goal"]!.ToString(), files, sensitive, backends),
            line["expect"]!.AsObject());
    }
}
