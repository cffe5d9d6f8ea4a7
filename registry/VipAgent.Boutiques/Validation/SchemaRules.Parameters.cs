using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Validation;

internal static partial class SchemaRules
{
    private static Dictionary<string, Shape.Check> InputFields(Shape s, Shape.Check idText, Shape.Check text1, Shape.Check text, Shape.Check texts) => new()
    {
        ["id"] = idText,
        ["name"] = text1,
        ["type"] = s.OneOf("String", "File", "Flag", "Number"),
        ["description"] = text,
        ["value-key"] = text,
        ["list"] = s.Bool(),
        ["list-separator"] = text,
        ["optional"] = s.Bool(),
        ["command-line-flag"] = text,
        ["requires-inputs"] = texts,
        ["disables-inputs"] = texts,
        ["command-line-flag-separator"] = text,
        ["default-value"] = Shape.Anything(),
        ["value-choices"] = s.Array((n, p) =>
        {
            if (n?.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                s.Add(p, "A value choice is a string or a number.");
            }
        }),
        ["value-requires"] = s.AnyObject(),
        ["value-disables"] = s.AnyObject(),
        ["integer"] = s.Bool(),
        ["minimum"] = s.Number(),
        ["maximum"] = s.Number(),
        ["exclusive-minimum"] = s.Bool(),
        ["exclusive-maximum"] = s.Bool(),
        ["min-list-entries"] = s.Number(),
        ["max-list-entries"] = s.Number(),
        ["uses-absolute-path"] = s.Bool(),
    };

    private static Dictionary<string, Shape.Check> OutputFields(Shape s, Shape.Check idText, Shape.Check text1, Shape.Check text, Shape.Check texts) => new()
    {
        ["id"] = idText,
        ["name"] = text1,
        ["description"] = text,
        ["value-key"] = text,
        ["path-template"] = text1,
        ["conditional-path-template"] = s.Array(s.AnyObject(), 1),
        ["path-template-stripped-extensions"] = texts,
        ["list"] = s.Bool(),
        ["optional"] = s.Bool(),
        ["command-line-flag"] = text,
        ["command-line-flag-separator"] = text,
        ["uses-absolute-path"] = s.Bool(),
        ["file-template"] = s.Array(text, 1),
    };

    // The schema's anyOf and dependencies for an input.
    private static void InputCombinations(Shape s, JsonNode? node, string path)
    {
        var input = node!.AsObject();
        var type = input["type"]?.GetValueKind() == JsonValueKind.String ? input["type"]!.GetValue<string>() : null;
        if (type == "Flag" && input["list"]?.GetValueKind() == JsonValueKind.True)
        {
            s.Add($"{path}.list", "A Flag input cannot be a list.");
        }

        (string Field, string Needs)[] needs =
        [
            ("command-line-flag-separator", "command-line-flag"), ("min-list-entries", "list"), ("max-list-entries", "list"),
            ("list-separator", "list"), ("exclusive-minimum", "minimum"), ("exclusive-maximum", "maximum"),
            ("value-disables", "value-choices"), ("value-enables", "value-choices"),
        ];
        foreach (var (field, needed) in needs.Where(n => input.ContainsKey(n.Field) && !input.ContainsKey(n.Needs)))
        {
            s.Add($"{path}.{field}", $"'{field}' needs '{needed}' in the same input.");
        }

        (string Field, string[] Types)[] typed =
        [
            ("value-choices", ["String", "Number"]), ("integer", ["Number"]), ("minimum", ["Number"]),
            ("maximum", ["Number"]), ("uses-absolute-path", ["File"]),
        ];
        foreach (var (field, types) in typed.Where(t => input.ContainsKey(t.Field) && type is not null && !t.Types.Contains(type)))
        {
            s.Add($"{path}.{field}", $"'{field}' is only allowed for {string.Join(" or ", types)} inputs, not {type}.");
        }
    }

    // The schema's oneOf (exactly one of path-template / conditional-path-template), anyOf (no list file-template) and dependencies.
    private static void OutputCombinations(Shape s, JsonNode? node, string path)
    {
        var output = node!.AsObject();
        var plain = output.ContainsKey("path-template");
        var conditional = output.ContainsKey("conditional-path-template");
        if (plain == conditional)
        {
            s.Add(path, plain
                ? "An output has either 'path-template' or 'conditional-path-template', not both."
                : "An output needs a 'path-template' or a 'conditional-path-template'.");
        }

        if (output.ContainsKey("file-template") && output["list"]?.GetValueKind() == JsonValueKind.True)
        {
            s.Add($"{path}.list", "An output written from a file-template cannot be a list.");
        }

        if (output.ContainsKey("command-line-flag-separator") && !output.ContainsKey("command-line-flag"))
        {
            s.Add($"{path}.command-line-flag-separator", "'command-line-flag-separator' needs 'command-line-flag' in the same output.");
        }
    }

    private static Shape.Check Tests(Shape s, Shape.Check idText, Shape.Check text1) => (node, path) =>
    {
        var assertions = s.Object(new Dictionary<string, Shape.Check>
        {
            ["exit-code"] = s.Number(integer: true),
            ["output-files"] = s.Array(s.Object(new Dictionary<string, Shape.Check> { ["id"] = idText, ["md5-reference"] = text1 }, ["id"], open: true), 1),
        }, [], open: true);
        s.Object(new Dictionary<string, Shape.Check> { ["name"] = text1, ["invocation"] = s.AnyObject(), ["assertions"] = assertions }, ["name", "assertions", "invocation"], open: true)(node, path);
        if (node is JsonObject { } test && test["assertions"] is JsonObject a && !a.ContainsKey("exit-code") && !a.ContainsKey("output-files"))
        {
            s.Add($"{path}.assertions", "A test asserts an 'exit-code', 'output-files' or both.");
        }
    };
}
