using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Invocations;

/// <summary>An invocation after bosh's <c>addDefaultValues</c>, and what is wrong with it (empty when valid).</summary>
public sealed record CheckedInvocation(JsonObject Effective, IReadOnlyList<DescriptorProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks an invocation as bosh's generated invocation schema does: unknown keys, required inputs,
/// types, integers, bounds, list sizes, value-choices, requires/disables and groups.
/// </summary>
public static class InvocationValidator
{
    public static CheckedInvocation Check(BoutiquesDescriptor descriptor, JsonNode? invocation)
    {
        if (invocation is not JsonObject given)
        {
            return new CheckedInvocation([], [new DescriptorProblem("$", "An invocation must be a JSON object mapping input ids to values.")]);
        }

        var effective = WithDefaults(descriptor, given);
        var problems = new List<DescriptorProblem>();
        foreach (var (key, _) in effective)
        {
            if (descriptor.FindInput(key) is null)
            {
                problems.Add(new DescriptorProblem($"$.{key}", $"'{key}' is not an input of {descriptor.Name}; remove it or check its spelling."));
            }
        }

        foreach (var input in descriptor.Inputs)
        {
            var present = effective.TryGetPropertyValue(input.Id, out var value);
            if (!present)
            {
                if (!input.Optional)
                {
                    problems.Add(new DescriptorProblem($"$.{input.Id}", $"The required input '{input.Id}' is missing."));
                }

                continue;
            }

            ValueChecks.Check(input, value, problems);
        }

        RelationChecks.Check(descriptor, effective, problems);
        return new CheckedInvocation(effective, problems);
    }

    /// <summary>bosh's <c>addDefaultValues</c>: every input with a default gets it when its value is missing or null.</summary>
    public static JsonObject WithDefaults(BoutiquesDescriptor descriptor, JsonObject invocation)
    {
        var effective = new JsonObject();
        foreach (var (key, value) in invocation)
        {
            effective[key] = value?.DeepClone();
        }

        foreach (var input in descriptor.Inputs)
        {
            if (input.DefaultValue is { } fallback && (!effective.TryGetPropertyValue(input.Id, out var current) || current is null || current.GetValueKind() == JsonValueKind.Null))
            {
                effective[input.Id] = fallback.DeepClone();
            }
        }

        return effective;
    }
}
