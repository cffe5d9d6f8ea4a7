using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Generation;

/// <summary>What happens to the value-key of a parameter that has no value.</summary>
public enum UnfoundKeys
{
    /// <summary>Command line: remove <c>" " + key</c> (or the bare key when never preceded by a space).</summary>
    Remove,

    /// <summary>file-template lines: the whole line becomes empty.</summary>
    Clear,

    /// <summary>Output path templates: leave the key verbatim (bosh's behaviour).</summary>
    Keep,
}

/// <summary>
/// bosh's <c>_replaceKeysInTemplate</c>: visits every input then every output in descriptor order and
/// substitutes its value-key by plain (all-occurrence) text replacement on one growing string.
/// </summary>
internal sealed class TemplateRenderer(BoutiquesDescriptor descriptor, IReadOnlyDictionary<string, JsonNode?> inputs, IReadOnlyDictionary<string, string> outputs)
{
    public string Render(string template, bool useFlags, UnfoundKeys unfound, IReadOnlyList<string> strippedExtensions, bool escape, bool outputContext)
    {
        foreach (var input in descriptor.Inputs)
        {
            // A key that is not in the template changes nothing, present or absent: skip the work.
            if (input.ValueKey is not { } key || !template.Contains(key, StringComparison.Ordinal))
            {
                continue;
            }

            if (inputs.TryGetValue(input.Id, out var value) && value is not null)
            {
                var text = InputText(input, value, useFlags, escape, strippedExtensions);
                if (outputContext && input.Type == "File" && template.IndexOf(key, StringComparison.Ordinal) != 0)
                {
                    text = BaseName(text);
                }

                template = Substitute(template, key, text);
            }
            else
            {
                template = Unfound(template, key, unfound);
            }
        }

        foreach (var output in descriptor.Outputs)
        {
            if (output.ValueKey is not { } key || !template.Contains(key, StringComparison.Ordinal))
            {
                continue;
            }

            if (outputs.TryGetValue(output.Id, out var path))
            {
                var text = ShellQuote.Quote(path);
                if (useFlags && output.Flag is { } flag)
                {
                    text = flag + output.FlagSeparator + text;
                }

                template = Substitute(template, key, text);
            }
            else
            {
                template = Unfound(template, key, unfound);
            }
        }

        return template;
    }

    private static string InputText(InputSpec input, JsonNode value, bool useFlags, bool escape, IReadOnlyList<string> strippedExtensions)
    {
        var quote = escape && input.IsText;
        string text;
        if (value is JsonArray items)
        {
            var joined = new StringBuilder();
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0)
                {
                    joined.Append(input.ListSeparator);
                }

                var item = PythonText.Str(items[i]);
                joined.Append(quote ? ShellQuote.Quote(item) : item);
            }

            text = joined.ToString();
        }
        else if (useFlags && input.IsFlag && input.Flag is not null)
        {
            return value is JsonValue v && v.GetValueKind() == JsonValueKind.False ? "" : input.Flag;
        }
        else
        {
            text = PythonText.Str(value);
            text = quote ? ShellQuote.Quote(text) : text;
        }

        if (useFlags && input.Flag is { } flag)
        {
            text = flag + input.FlagSeparator + text;
        }

        if (input.IsText)
        {
            foreach (var extension in strippedExtensions)
            {
                if (extension.Length > 0)
                {
                    text = text.Replace(extension, "", StringComparison.Ordinal);
                }
            }
        }

        return text;
    }

    private static string Substitute(string template, string key, string text)
    {
        if (text.Length == 0)
        {
            return template.Replace(" " + key, "", StringComparison.Ordinal);
        }

        // The common case, one occurrence, in one allocation; otherwise replace them all.
        var at = template.IndexOf(key, StringComparison.Ordinal);
        return template.IndexOf(key, at + key.Length, StringComparison.Ordinal) < 0
            ? string.Concat(template.AsSpan(0, at), text, template.AsSpan(at + key.Length))
            : template.Replace(key, text, StringComparison.Ordinal);
    }

    private static string Unfound(string template, string key, UnfoundKeys unfound) => unfound switch
    {
        UnfoundKeys.Remove => template.Contains(" " + key, StringComparison.Ordinal)
            ? template.Replace(" " + key, "", StringComparison.Ordinal)
            : template.Replace(key, "", StringComparison.Ordinal),
        UnfoundKeys.Clear => template.Contains(key, StringComparison.Ordinal) ? "" : template,
        _ => template,
    };

    private static string BaseName(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
