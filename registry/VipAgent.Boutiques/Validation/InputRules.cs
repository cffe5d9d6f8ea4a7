using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Validation;

/// <summary>bosh's validator checks on each input: flags, bounds, choices, list sizes, requires/disables, value-requires/value-disables.</summary>
internal static class InputRules
{
    public static void Check(BoutiquesDescriptor d, JsonObject json, List<DescriptorProblem> problems)
    {
        var inputs = json["inputs"]!.AsArray();
        var parameterIds = d.Inputs.Select(i => i.Id).Concat(d.Groups.Select(g => g.Id)).ToHashSet();
        for (var n = 0; n < d.Inputs.Count; n++)
        {
            var input = d.Inputs[n];
            var raw = inputs[n]!.AsObject();
            var path = $"$.inputs[{n}]";
            void Add(string field, string message) => problems.Add(new DescriptorProblem(field.Length == 0 ? path : $"{path}.{field}", message));

            if (input.IsFlag && input.Flag is null)
            {
                Add("", $"Input '{input.Id}' is a Flag and must have a command-line-flag.");
            }

            if (input.IsFlag && !input.Optional)
            {
                Add("optional", $"Input '{input.Id}' is a Flag: it has to be optional.");
            }

            if (input.Minimum is { } min && input.Maximum is { } max && min > max)
            {
                Add("minimum", $"Input '{input.Id}' has a minimum ({min}) greater than its maximum ({max}).");
            }

            CheckChoices(input, Add);
            CheckListEntries(input, raw, Add);
            foreach (var id in input.RequiresInputs.Where(id => !parameterIds.Contains(id)))
            {
                Add("requires-inputs", $"Input '{input.Id}' requires '{id}', which is not an input or group of this descriptor.");
            }

            foreach (var id in input.DisablesInputs.Where(id => !parameterIds.Contains(id)))
            {
                Add("disables-inputs", $"Input '{input.Id}' disables '{id}', which is not an input or group of this descriptor.");
            }

            foreach (var id in input.RequiresInputs.Intersect(input.DisablesInputs))
            {
                Add("disables-inputs", $"Input '{input.Id}' both requires and disables '{id}'.");
            }

            foreach (var id in input.DisablesInputs.Where(id => d.FindInput(id) is { Optional: false }))
            {
                Add("disables-inputs", $"Input '{input.Id}' disables the required input '{id}', which could then never be given.");
            }

            if (!input.Optional && (input.RequiresInputs.Count > 0 || input.DisablesInputs.Count > 0))
            {
                Add("", $"Input '{input.Id}' is required, so it cannot require or disable other inputs (make it optional or move the rule).");
            }

            CheckValueOptions(d, input, raw, Add);
        }
    }

    private static void CheckChoices(InputSpec input, Action<string, string> add)
    {
        if (input.ValueChoices is not { } choices)
        {
            return;
        }

        if (choices.Count == 0)
        {
            add("value-choices", $"Input '{input.Id}' must have at least one value choice.");
        }

        var defaults = input.DefaultValue switch { JsonArray a => a.ToList(), null => [], var v => [v] };
        foreach (var value in defaults.Where(v => !choices.Any(c => JsonNode.DeepEquals(c, v) || (IsNumber(c) && IsNumber(v) && c!.AsDouble() == v!.AsDouble()))))
        {
            add("default-value", $"Input '{input.Id}' has the default value {value?.ToJsonString() ?? "null"}, which is not one of its value-choices.");
        }
    }

    private static bool IsNumber(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number;

    private static void CheckListEntries(InputSpec input, JsonObject raw, Action<string, string> add)
    {
        var min = raw["min-list-entries"]?.GetValueKind() == JsonValueKind.Number ? raw["min-list-entries"]!.AsDouble() : (double?)null;
        var max = raw["max-list-entries"]?.GetValueKind() == JsonValueKind.Number ? raw["max-list-entries"]!.AsDouble() : (double?)null;
        if (min is { } a && max is { } b && a > b)
        {
            add("min-list-entries", $"Input '{input.Id}' has more min-list-entries ({a}) than max-list-entries ({b}).");
        }

        if (min < 0)
        {
            add("min-list-entries", $"Input '{input.Id}' cannot have negative min-list-entries ({min}).");
        }

        if (max <= 0)
        {
            add("max-list-entries", $"Input '{input.Id}' must have a positive max-list-entries, not {max}.");
        }
    }

    private static void CheckValueOptions(BoutiquesDescriptor d, InputSpec input, JsonObject raw, Action<string, string> add)
    {
        var requires = raw["value-requires"] as JsonObject;
        var disables = raw["value-disables"] as JsonObject;
        if (requires is null && disables is null)
        {
            return;
        }

        if (input.ValueChoices is not { } choices)
        {
            add("", $"Input '{input.Id}' has value-requires or value-disables but no value-choices.");
            return;
        }

        var choiceKeys = choices.Select(c => Generation.PythonText.Str(c)).ToHashSet();
        foreach (var (field, options) in new[] { ("value-requires", requires), ("value-disables", disables) })
        {
            if (options is null)
            {
                continue;
            }

            if (!options.Select(p => p.Key).ToHashSet().SetEquals(choiceKeys))
            {
                add(field, $"Input '{input.Id}': the keys of {field} must be exactly its value-choices.");
            }

            foreach (var (choice, ids) in options)
            {
                foreach (var id in (ids as JsonArray ?? []).Select(i => i?.ToString() ?? ""))
                {
                    if (d.FindInput(id) is not { } target)
                    {
                        add(field, $"Input '{input.Id}' {field} names '{id}', which is not an input of this descriptor.");
                    }
                    else if (!target.Optional)
                    {
                        add(field, $"Input '{input.Id}' {field} cannot name the required input '{id}'.");
                    }
                }
            }
        }

        foreach (var (choice, ids) in requires ?? [])
        {
            var disabled = (disables?[choice] as JsonArray ?? []).Select(i => i?.ToString()).ToHashSet();
            foreach (var id in (ids as JsonArray ?? []).Select(i => i?.ToString()).Where(disabled.Contains))
            {
                add("value-requires", $"Input '{input.Id}': the choice '{choice}' both requires and disables '{id}'.");
            }
        }
    }
}
