using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Validation;

/// <summary>The structural checks of a JSON schema, written as code: types, lengths, patterns, enums, object fields.</summary>
internal sealed class Shape(List<DescriptorProblem> problems)
{
    public delegate void Check(JsonNode? node, string path);

    public void Add(string path, string message) => problems.Add(new DescriptorProblem(path, message));

    public Check Text(int minLength = 0, Regex? pattern = null, string? patternMeaning = null) => (node, path) =>
    {
        if (!Is(node, JsonValueKind.String, path, "a string"))
        {
            return;
        }

        var text = node!.GetValue<string>();
        if (text.Length < minLength)
        {
            Add(path, "must not be empty.");
        }
        else if (pattern is not null && !pattern.IsMatch(text))
        {
            Add(path, $"'{text}' is not allowed here: {patternMeaning}.");
        }
    };

    public Check Bool() => (node, path) => Is(node, JsonValueKind.True, path, "true or false");

    public Check Number(double? minimum = null, bool integer = false) => (node, path) =>
    {
        if (Is(node, JsonValueKind.Number, path, integer ? "an integer" : "a number"))
        {
            var value = node!.AsDouble();
            if (integer && value != Math.Floor(value))
            {
                Add(path, "must be an integer.");
            }

            if (minimum is { } min && value < min)
            {
                Add(path, $"must be at least {min}.");
            }
        }
    };

    public Check AnyObject() => (node, path) => Is(node, JsonValueKind.Object, path, "an object");

    public static Check Anything() => (_, _) => { };

    public Check OneOf(params string[] allowed) => (node, path) =>
    {
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is null || !allowed.Contains(text))
        {
            Add(path, $"{Excerpt(node)} is not one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}.");
        }
    };

    /// <summary>A value as JSON, cut short: a nested object pasted whole into a message helps nobody.</summary>
    private static string Excerpt(JsonNode? node)
    {
        var json = node?.ToJsonString() ?? "null";
        return json.Length <= 60 ? json : json[..57] + "...";
    }

    public Check Array(Check items, int minItems = 0, bool unique = false) => (node, path) =>
    {
        if (!Is(node, JsonValueKind.Array, path, "an array"))
        {
            return;
        }

        var array = node!.AsArray();
        if (array.Count < minItems)
        {
            Add(path, $"must have at least {minItems} element{(minItems > 1 ? "s" : "")}.");
        }

        if (unique && array.Select(CanonicalJson.Serialize).Distinct().Count() != array.Count)
        {
            Add(path, "has two identical elements.");
        }

        for (var i = 0; i < array.Count; i++)
        {
            items(array[i], $"{path}[{i}]");
        }
    };

    /// <summary>An object whose fields are all listed (additionalProperties: false) unless <paramref name="open"/>.</summary>
    public Check Object(IReadOnlyDictionary<string, Check> fields, string[] required, bool open = false) => (node, path) =>
    {
        if (!Is(node, JsonValueKind.Object, path, "an object"))
        {
            return;
        }

        foreach (var name in required.Where(name => !node!.AsObject().ContainsKey(name)))
        {
            Add($"{path}.{name}", $"The required field '{name}' is missing.");
        }

        foreach (var (name, value) in node!.AsObject())
        {
            if (fields.TryGetValue(name, out var check))
            {
                check(value, $"{path}.{name}");
            }
            else if (!open)
            {
                Add($"{path}.{name}", $"'{name}' is not a Boutiques 0.5 field here{Hint(name)}.");
            }
        }
    };

    private static string Hint(string name) => name switch
    {
        "command-line-key" => " (it is the 0.4 name of 'value-key'; upgrade the descriptor with 'bosh import 0.4')",
        "path-template-striped-extensions" => " (did you mean 'path-template-stripped-extensions'?)",
        _ => "; remove it or put it under 'custom'",
    };

    private bool Is(JsonNode? node, JsonValueKind kind, string path, string what)
    {
        var actual = node?.GetValueKind() ?? JsonValueKind.Null;
        var ok = actual == kind || (kind == JsonValueKind.True && actual == JsonValueKind.False);
        if (!ok)
        {
            Add(path, $"must be {what}, not {Kind(actual)}.");
        }

        return ok;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
