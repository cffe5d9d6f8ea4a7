using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Invocations;

/// <summary>The per-input part of the invocation schema: type, integer, bounds, list entries, value-choices.</summary>
internal static class ValueChecks
{
    public static void Check(InputSpec input, JsonNode? value, List<DescriptorProblem> problems)
    {
        var path = "$." + input.Id;
        if (input.List)
        {
            if (value is not JsonArray items)
            {
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' is a list: give a JSON array, not {Describe(value)}."));
                return;
            }

            if (input.MinListEntries is { } min && items.Count < min)
            {
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' needs at least {min} entries; {items.Count} given."));
            }

            if (input.MaxListEntries is { } max && items.Count > max)
            {
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' takes at most {max} entries; {items.Count} given."));
            }

            for (var i = 0; i < items.Count; i++)
            {
                CheckOne(input, items[i], $"{path}[{i}]", problems);
            }

            return;
        }

        CheckOne(input, value, path, problems);
    }

    private static void CheckOne(InputSpec input, JsonNode? value, string path, List<DescriptorProblem> problems)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (input.ValueChoices is { } choices && !input.IsFlag)
        {
            if (!choices.Any(choice => SameValue(choice, value)))
            {
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' must be one of {string.Join(", ", choices.Select(Show))}; {Show(value)} given."));
            }

            if (input.Type != "Number")
            {
                return;
            }
        }

        switch (input.Type)
        {
            case "Flag" when kind is not (JsonValueKind.True or JsonValueKind.False):
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' is a Flag: give true or false, not {Describe(value)}."));
                break;
            case "String" or "File" when kind != JsonValueKind.String:
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' is a {input.Type}: give a JSON string, not {Describe(value)}."));
                break;
            case "Number" when kind != JsonValueKind.Number:
                problems.Add(new DescriptorProblem(path, $"'{input.Id}' is a Number: give a JSON number, not {Describe(value)}."));
                break;
            case "Number":
                CheckNumber(input, (JsonValue)value!, path, problems);
                break;
        }
    }

    private static void CheckNumber(InputSpec input, JsonValue value, string path, List<DescriptorProblem> problems)
    {
        if (input.Integer && !PythonText.IsIntegerLiteral(value))
        {
            problems.Add(new DescriptorProblem(path, $"'{input.Id}' must be an integer; {Show(value)} given."));
        }

        var number = value.AsDouble();
        if (input.Minimum is { } min && (input.ExclusiveMinimum ? number <= min : number < min))
        {
            var bound = input.ExclusiveMinimum ? "greater than" : "at least";
            problems.Add(new DescriptorProblem(path, $"'{input.Id}' must be {bound} {Format(min)}; {Show(value)} given."));
        }

        if (input.Maximum is { } max && (input.ExclusiveMaximum ? number >= max : number > max))
        {
            var bound = input.ExclusiveMaximum ? "less than" : "at most";
            problems.Add(new DescriptorProblem(path, $"'{input.Id}' must be {bound} {Format(max)}; {Show(value)} given."));
        }
    }

    private static bool SameValue(JsonNode? choice, JsonNode? value)
    {
        var a = choice?.GetValueKind() ?? JsonValueKind.Null;
        var b = value?.GetValueKind() ?? JsonValueKind.Null;
        if (a == JsonValueKind.Number && b == JsonValueKind.Number)
        {
            return choice!.AsDouble() == value!.AsDouble();
        }

        return a == b && a == JsonValueKind.String && choice!.GetValue<string>() == value!.GetValue<string>();
    }

    private static string Format(double bound) => bound.ToString(CultureInfo.InvariantCulture);

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "null";

    private static string Describe(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {Show(value)}",
        JsonValueKind.Number => $"the number {Show(value)}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {Show(value)}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
