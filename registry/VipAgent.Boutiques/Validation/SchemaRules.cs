using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VipAgent.Boutiques.Validation;

/// <summary>
/// The rules of Boutiques' descriptor.schema.json (schema-version 0.5, draft-04), written as code so that the
/// library needs no schema file; the test suite checks them against the real schema file.
/// </summary>
internal static partial class SchemaRules
{
    public static void Check(JsonObject descriptor, List<DescriptorProblem> problems)
    {
        var s = new Shape(problems);
        var idText = s.Text(1, IdPattern(), "ids use only letters, digits and underscores");
        var text1 = s.Text(1);
        var text = s.Text();
        var texts = s.Array(text);
        var top = new Dictionary<string, Shape.Check>
        {
            ["name"] = text1,
            ["tool-version"] = text1,
            ["description"] = text1,
            ["author"] = text1,
            ["url"] = text1,
            ["descriptor-url"] = text1,
            ["doi"] = text1,
            ["shell"] = text1,
            ["tool-doi"] = text1,
            ["command-line"] = text1,
            ["deprecated-by-doi"] = (n, p) => { if (n?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) { text1(n, p); } },
            ["container-image"] = Container(s, text1),
            ["schema-version"] = SchemaVersion(s),
            ["environment-variables"] = s.Array(s.Object(new Dictionary<string, Shape.Check>
            {
                ["name"] = s.Text(1, EnvironmentName(), "a variable name starts with a letter and has only letters, digits and underscores"),
                ["value"] = text,
                ["description"] = text,
            }, ["name", "value"]), 1, unique: true),
            ["groups"] = s.Array(s.Object(new Dictionary<string, Shape.Check>
            {
                ["id"] = idText,
                ["name"] = text1,
                ["description"] = text,
                ["members"] = s.Array(idText),
                ["mutually-exclusive"] = s.Bool(),
                ["one-is-required"] = s.Bool(),
                ["all-or-none"] = s.Bool(),
            }, ["name", "id", "members"]), 1, unique: true),
            ["inputs"] = s.Array(Both(s.Object(InputFields(s, idText, text1, text, texts), ["name", "id", "type"]), (n, p) => InputCombinations(s, n, p)), 1, unique: true),
            ["output-files"] = s.Array(Both(s.Object(OutputFields(s, idText, text1, text, texts), ["id", "name"]), (n, p) => OutputCombinations(s, n, p)), 1, unique: true),
            ["tests"] = s.Array(Tests(s, idText, text1), 1),
            ["online-platform-urls"] = s.Array(s.Text(0, UrlPattern(), "a platform URL starts with http:// or https://")),
            ["invocation-schema"] = s.AnyObject(),
            ["suggested-resources"] = s.Object(new Dictionary<string, Shape.Check>
            {
                ["cpu-cores"] = s.Number(1, integer: true),
                ["ram"] = s.Number(0),
                ["disk-space"] = s.Number(0),
                ["nodes"] = s.Number(1, integer: true),
                ["walltime-estimate"] = s.Number(0),
            }, [], open: true),
            ["tags"] = s.Object(new Dictionary<string, Shape.Check>(), [], open: true),
            ["error-codes"] = s.Array(s.Object(new Dictionary<string, Shape.Check> { ["code"] = s.Number(integer: true), ["description"] = text }, ["code", "description"]), 1, unique: true),
            ["custom"] = s.AnyObject(),
        };
        s.Object(top, ["name", "description", "command-line", "schema-version", "inputs", "tool-version"])(descriptor, "$");
        if (descriptor["tags"] is JsonObject tags)
        {
            foreach (var (name, value) in tags)
            {
                if (value?.GetValueKind() is not (JsonValueKind.String or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Array))
                {
                    s.Add($"$.tags.{name}", "A tag is a string, a boolean or an array of strings.");
                }
            }
        }
    }

    private static Shape.Check Both(Shape.Check first, Shape.Check second) => (n, p) =>
    {
        first(n, p);
        if (n is JsonObject)
        {
            second(n, p);
        }
    };

    private static Shape.Check SchemaVersion(Shape s) => (node, path) =>
    {
        var version = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (version is not null && version.Contains("styx", StringComparison.OrdinalIgnoreCase))
        {
            s.Add(path, $"schema-version '{version}' is the Styx (niwrap) dialect of Boutiques, not Boutiques 0.5: its nested input types and other extensions are not understood by bosh or VIP. Export the tool as a standard Boutiques 0.5 descriptor.");
        }
        else
        {
            s.OneOf("0.5")(node, path);
        }
    };

    private static Shape.Check Container(Shape s, Shape.Check text1) => (node, path) =>
    {
        var fields = new Dictionary<string, Shape.Check>
        {
            ["type"] = s.OneOf("docker", "singularity", "rootfs"),
            ["image"] = text1,
            ["entrypoint"] = s.Bool(),
            ["index"] = text1,
            ["container-opts"] = s.Array(s.Text()),
            ["working-directory"] = text1,
            ["container-hash"] = text1,
            ["url"] = text1,
        };
        s.Object(fields, ["type"])(node, path);
        if (node is not JsonObject container || container["type"]?.GetValueKind() != JsonValueKind.String)
        {
            return;
        }

        var rootfs = container["type"]!.GetValue<string>() == "rootfs";
        string[] notAllowed = rootfs ? ["image", "entrypoint", "index", "container-opts"] : ["url"];
        foreach (var name in notAllowed.Where(container.ContainsKey))
        {
            s.Add($"{path}.{name}", $"'{name}' is not allowed in a {(rootfs ? "rootfs" : "docker or singularity")} container-image.");
        }

        var needed = rootfs ? "url" : "image";
        if (!container.ContainsKey(needed))
        {
            s.Add($"{path}.{needed}", $"The required field '{needed}' is missing.");
        }
    };

    [GeneratedRegex("^[0-9,_,a-z,A-Z]*$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[a-z,A-Z][0-9,_,a-z,A-Z]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^https?://")]
    private static partial Regex UrlPattern();
}
