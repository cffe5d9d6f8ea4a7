using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Invocations;

/// <summary>
/// requires-inputs, disables-inputs, mutually-exclusive and one-is-required groups, with bosh's rule that a
/// Flag counts as given only when it is true. all-or-none groups are not enforced, as in bosh.
/// </summary>
internal static class RelationChecks
{
    public static void Check(BoutiquesDescriptor descriptor, JsonObject invocation, List<DescriptorProblem> problems)
    {
        foreach (var input in descriptor.Inputs)
        {
            if (!IsGiven(descriptor, invocation, input.Id))
            {
                continue;
            }

            foreach (var required in input.RequiresInputs)
            {
                if (descriptor.FindGroup(required) is { } group)
                {
                    if (!group.Members.Any(m => IsGiven(descriptor, invocation, m)))
                    {
                        problems.Add(new DescriptorProblem($"$.{input.Id}", $"'{input.Id}' requires one of the group '{required}' ({string.Join(", ", group.Members)}), and none is given."));
                    }
                }
                else if (!IsGiven(descriptor, invocation, required))
                {
                    problems.Add(new DescriptorProblem($"$.{input.Id}", $"'{input.Id}' requires '{required}', which is not given{FlagHint(descriptor, required)}."));
                }
            }

            foreach (var disabled in input.DisablesInputs)
            {
                if (IsGiven(descriptor, invocation, disabled))
                {
                    problems.Add(new DescriptorProblem($"$.{disabled}", $"'{disabled}' cannot be given together with '{input.Id}', which disables it."));
                }
            }
        }

        foreach (var group in descriptor.Groups)
        {
            var given = group.Members.Where(m => IsGiven(descriptor, invocation, m)).ToList();
            if (group.MutuallyExclusive && given.Count > 1)
            {
                problems.Add(new DescriptorProblem($"$.{given[1]}", $"Only one of the group '{group.Id}' may be given, but {string.Join(" and ", given.Select(g => $"'{g}'"))} are."));
            }

            if (group.OneIsRequired && given.Count == 0)
            {
                problems.Add(new DescriptorProblem("$", $"One of the group '{group.Id}' is required: give {string.Join(" or ", group.Members.Select(m => $"'{m}'"))}."));
            }
        }
    }

    /// <summary>Present in the invocation, and true when the input is a Flag.</summary>
    public static bool IsGiven(BoutiquesDescriptor descriptor, JsonObject invocation, string id)
    {
        if (!invocation.TryGetPropertyValue(id, out var value))
        {
            return false;
        }

        return descriptor.FindInput(id) is not { IsFlag: true } || value?.GetValueKind() == JsonValueKind.True;
    }

    private static string FlagHint(BoutiquesDescriptor descriptor, string id) =>
        descriptor.FindInput(id) is { IsFlag: true } ? " (a Flag must be true)" : "";
}
