using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;
using VipAgent.Boutiques.Validation;

namespace VipAgent.Boutiques;

/// <summary>
/// Checks a Boutiques descriptor as bosh's validator does, every problem at once: first the rules of the
/// 0.5 JSON schema (written as code); when the shape is right, the semantic checks (value-keys, ids, groups,
/// requires/disables, choices, outputs and conditional path templates, tests, container index).
/// </summary>
public static class DescriptorValidator
{
    /// <summary>The problems found; an empty list means the descriptor is valid.</summary>
    public static IReadOnlyList<DescriptorProblem> Validate(JsonNode? descriptor)
    {
        if (descriptor is not JsonObject obj)
        {
            return [new DescriptorProblem("$", "A descriptor must be a JSON object.")];
        }

        var problems = ValidateSchema(obj).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        var typed = BoutiquesDescriptor.Read(obj);
        KeyRules.Check(typed, obj, problems);
        InputRules.Check(typed, obj, problems);
        GroupRules.Check(typed, problems);
        OutputRules.Check(typed, problems);
        return problems;
    }

    /// <summary>Only the rules of Boutiques' descriptor.schema.json (the first stage of <see cref="Validate"/>).</summary>
    public static IReadOnlyList<DescriptorProblem> ValidateSchema(JsonNode? descriptor)
    {
        if (descriptor is not JsonObject obj)
        {
            return [new DescriptorProblem("$", "A descriptor must be a JSON object.")];
        }

        var problems = new List<DescriptorProblem>();
        SchemaRules.Check(obj, problems);
        return problems;
    }
}
