using System.Text.Json.Nodes;

namespace VipAgent.Boutiques;

/// <summary>Checks a Boutiques descriptor; every problem at once, not only the first.</summary>
public static class DescriptorValidator
{
    private static readonly string[] RequiredFields = ["name", "tool-version", "description", "command-line", "schema-version", "inputs"];

    /// <summary>The problems found; an empty list means the descriptor is valid.</summary>
    public static IReadOnlyList<DescriptorProblem> Validate(JsonNode? descriptor)
    {
        if (descriptor is not JsonObject obj)
        {
            return [new DescriptorProblem("$", "A descriptor must be a JSON object.")];
        }

        return RequiredFields
            .Where(field => obj[field] is null)
            .Select(field => new DescriptorProblem($"$.{field}", $"The required field '{field}' is missing."))
            .ToList();
    }
}
