using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Generation;

/// <summary>
/// bosh's <c>_generateOutputFileNames</c>, run twice so that an output may name another output's value-key:
/// path templates, conditional path templates, stripped extensions, basenames and absolute paths.
/// </summary>
internal static class OutputPaths
{
    public static Dictionary<string, string> Compute(BoutiquesDescriptor descriptor, IReadOnlyDictionary<string, JsonNode?> inputs, string workingDirectory)
    {
        var paths = new Dictionary<string, string>();
        var renderer = new TemplateRenderer(descriptor, inputs, paths);
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var output in descriptor.Outputs)
            {
                var template = output.ConditionalPathTemplate is { } conditions
                    ? Choose(conditions, descriptor, inputs, paths)
                    : paths.GetValueOrDefault(output.Id) ?? output.PathTemplate;
                if (template is null)
                {
                    continue;
                }

                var path = renderer.Render(template, useFlags: false, UnfoundKeys.Keep, output.StrippedExtensions, escape: false, outputContext: true);
                paths[output.Id] = output.UsesAbsolutePath ? AbsolutePath(path, workingDirectory) : path;
            }
        }

        return paths;
    }

    private static string? Choose(IReadOnlyList<ConditionalTemplate> conditions, BoutiquesDescriptor descriptor, IReadOnlyDictionary<string, JsonNode?> inputs, Dictionary<string, string> paths)
    {
        foreach (var entry in conditions)
        {
            if (entry.IsDefault || ConditionalExpression.Evaluate(entry.Condition, id => Lookup(id, descriptor, inputs, paths)))
            {
                return entry.Template;
            }
        }

        return null;
    }

    private static (bool, object?) Lookup(string id, BoutiquesDescriptor descriptor, IReadOnlyDictionary<string, JsonNode?> inputs, Dictionary<string, string> paths)
    {
        if (descriptor.FindInput(id) is { } input)
        {
            return inputs.TryGetValue(id, out var value) && value is not null ? (true, ConditionValue(input, value)) : (true, null);
        }

        if (descriptor.FindOutput(id) is not null)
        {
            return paths.TryGetValue(id, out var path) ? (true, TextOrNumber(path)) : (true, null);
        }

        return (false, null);
    }

    // bosh puts numbers in the expression as numbers, anything else as a quoted string; a Flag is a boolean here.
    private static object ConditionValue(InputSpec input, JsonNode value)
    {
        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValueKind() == JsonValueKind.True;
        }

        if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
        {
            return n.AsDouble();
        }

        return input.IsFlag ? ConditionalExpression.Truthy(PythonText.Str(value)) : TextOrNumber(PythonText.Str(value));
    }

    private static object TextOrNumber(string text)
    {
        var digits = text.Replace(".", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : text;
    }

    /// <summary>Python's <c>os.path.abspath</c> against <paramref name="workingDirectory"/>: joined, then normalised.</summary>
    public static string AbsolutePath(string path, string workingDirectory)
    {
        var joined = path.StartsWith('/') ? path : workingDirectory.TrimEnd('/') + "/" + path;
        var parts = new List<string>();
        foreach (var part in joined.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
