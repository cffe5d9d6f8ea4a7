using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Registry.Audit;

/// <summary>Field-by-field differences between a stored projection and the one rebuilt from events.</summary>
internal static class ProjectionComparison
{
    public static IEnumerable<string> Differences(object rebuilt, object? stored)
    {
        if (stored is null)
        {
            yield return $"the stored {rebuilt.GetType().Name} is missing";
            yield break;
        }

        var expected = JsonSerializer.SerializeToNode(rebuilt, rebuilt.GetType(), RegistryJson.Options) as JsonObject ?? [];
        var actual = JsonSerializer.SerializeToNode(stored, stored.GetType(), RegistryJson.Options) as JsonObject ?? [];
        foreach (var field in expected.Select(p => p.Key).Union(actual.Select(p => p.Key)))
        {
            if (!JsonNode.DeepEquals(expected[field], actual[field]))
            {
                yield return $"{rebuilt.GetType().Name}.{field} is stored as {Show(actual[field])} but the events give {Show(expected[field])}";
            }
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(RegistryJson.Options) ?? "nothing";
        return text.Length <= 80 ? text : text[..77] + "…";
    }
}
