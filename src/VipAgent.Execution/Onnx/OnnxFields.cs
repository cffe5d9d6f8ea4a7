using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Execution.Onnx;

/// <summary>Typed reads of the <c>custom</c> fields, adding one problem per bad value.</summary>
internal sealed class OnnxFields(JsonObject custom, JsonObject descriptor, List<string> problems)
{
    private JsonArray DescriptorInputs => descriptor["inputs"] as JsonArray ?? [];

    public string? ModelPath()
    {
        if (custom[OnnxApplicationParser.ModelKey] is not JsonValue v || !v.TryGetValue<string>(out var path) || string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"custom.{OnnxApplicationParser.ModelKey} is missing: give the model file's path relative to the descriptor's folder (e.g. \"models/net.onnx\").");
            return null;
        }

        var segments = path.Split('/', '\\');
        if (Path.IsPathRooted(path) || segments.Contains("..") || path.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add($"custom.{OnnxApplicationParser.ModelKey} '{path}' must be a relative path inside the descriptor's folder (no leading '/', no '..').");
            return null;
        }

        return path;
    }

    public IReadOnlyList<OnnxInputBinding> Inputs()
    {
        if (custom["vipagent:inputs"] is not { } node)
        {
            var first = DescriptorInputs.OfType<JsonObject>()
                .FirstOrDefault(i => Str(i, "type") == "File" && i["optional"]?.GetValueKind() != JsonValueKind.True);
            if (first is null)
            {
                problems.Add("The descriptor has no required File input to feed the model: add one, or map inputs with custom.vipagent:inputs.");
                return [];
            }

            return [new OnnxInputBinding(null, [Str(first, "id")!])];
        }

        if (node is not JsonObject map || map.Count == 0)
        {
            problems.Add("custom.vipagent:inputs must be an object mapping each model input name to a File input id or a list of them (one per channel).");
            return [];
        }

        var bindings = new List<OnnxInputBinding>();
        foreach (var (modelInput, value) in map)
        {
            var ids = value switch
            {
                JsonValue single when single.TryGetValue<string>(out var id) => [id],
                JsonArray list when list.All(x => x is JsonValue j && j.TryGetValue<string>(out _)) && list.Count > 0 => list.Select(x => x!.GetValue<string>()).ToList(),
                _ => null,
            };
            if (ids is null)
            {
                problems.Add($"custom.vipagent:inputs.{modelInput} must be a File input id or a non-empty list of them.");
                continue;
            }

            foreach (var id in ids.Where(id => InputOfType(id) != "File"))
            {
                problems.Add($"custom.vipagent:inputs.{modelInput} names '{id}', which is not a File input of the descriptor.");
            }

            bindings.Add(new OnnxInputBinding(modelInput, ids));
        }

        return bindings;
    }

    public IReadOnlyList<OnnxOutputBinding> Outputs()
    {
        var declared = (descriptor["output-files"] as JsonArray ?? []).OfType<JsonObject>().Select(o => Str(o, "id")).OfType<string>().ToList();
        if (custom["vipagent:outputs"] is not { } node)
        {
            if (declared.Count == 0)
            {
                problems.Add("The descriptor has no output-files to write the result to: add one.");
            }

            return [.. declared.Select((id, i) => new OnnxOutputBinding(id, i == 0 ? OnnxOutputKind.Mask : OnnxOutputKind.MaskedInput))];
        }

        if (node is not JsonObject map || map.Count == 0)
        {
            problems.Add("custom.vipagent:outputs must be an object mapping output-file ids to \"mask\", \"probabilities\" or \"masked-input\".");
            return [];
        }

        var outputs = new List<OnnxOutputBinding>();
        foreach (var (id, value) in map)
        {
            if (!declared.Contains(id))
            {
                problems.Add($"custom.vipagent:outputs names '{id}', which is not an output-files id of the descriptor ({string.Join(", ", declared)}).");
            }

            OnnxOutputKind? kind = (value as JsonValue)?.TryGetValue<string>(out var s) == true
                ? s switch { "mask" => OnnxOutputKind.Mask, "probabilities" => OnnxOutputKind.Probabilities, "masked-input" => OnnxOutputKind.MaskedInput, _ => null }
                : null;
            if (kind is null)
            {
                problems.Add($"custom.vipagent:outputs.{id} must be \"mask\", \"probabilities\" or \"masked-input\".");
                continue;
            }

            outputs.Add(new OnnxOutputBinding(id, kind.Value));
        }

        return outputs;
    }

    public T Choice<T>(string key, T fallback, params (string Name, T Value)[] choices)
    {
        if (custom[key] is not { } node)
        {
            return fallback;
        }

        if (node is JsonValue v && v.TryGetValue<string>(out var s) && choices.FirstOrDefault(c => c.Name == s) is { Name: not null } match)
        {
            return match.Value;
        }

        problems.Add($"custom.{key} must be one of {string.Join(", ", choices.Select(c => $"\"{c.Name}\""))}.");
        return fallback;
    }

    public (int Z, int Y, int X)? Triple(string key, int minimum)
    {
        switch (custom[key])
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<int>(out var n) && n >= minimum:
                return (n, n, n);
            case JsonArray { Count: 3 } a when a.All(x => x is JsonValue j && j.TryGetValue<int>(out var k) && k >= minimum):
                return (a[0]!.GetValue<int>(), a[1]!.GetValue<int>(), a[2]!.GetValue<int>());
            default:
                problems.Add($"custom.{key} must be an integer of at least {minimum}, or a list of three (z, y, x).");
                return null;
        }
    }

    /// <summary>A voxel size in mm: one positive number for all axes, or [z, y, x].</summary>
    public (double Z, double Y, double X)? Spacing(string key)
    {
        switch (custom[key])
        {
            case null:
                return null;
            case JsonValue v when Millimetres(v) is { } mm:
                return (mm, mm, mm);
            case JsonArray { Count: 3 } a when a.Select(Millimetres).ToList() is [{ } z, { } y, { } x]:
                return (z, y, x);
            default:
                problems.Add($"custom.{key} must be a voxel size in mm: a positive number, or [z, y, x] of positive numbers (e.g. 1 or [2.5, 1, 1]).");
                return null;
        }
    }

    public (double Min, double Max)? Range(string key)
    {
        switch (custom[key])
        {
            case null:
                return null;
            case JsonArray { Count: 2 } a when a[0] is JsonValue lo && lo.TryGetValue<double>(out var min) && a[1] is JsonValue hi && hi.TryGetValue<double>(out var max) && min < max:
                return (min, max);
            default:
                problems.Add($"custom.{key} must be [min, max] with min < max.");
                return null;
        }
    }

    public int Integer(string key, int fallback, int minimum)
    {
        switch (custom[key])
        {
            case null:
                return fallback;
            case JsonValue v when v.TryGetValue<int>(out var n) && n >= minimum:
                return n;
            default:
                problems.Add($"custom.{key} must be an integer of at least {minimum}.");
                return fallback;
        }
    }

    public string? Text(string key)
    {
        switch (custom[key])
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0:
                return s;
            default:
                problems.Add($"custom.{key} must be a non-empty string.");
                return null;
        }
    }

    public bool Flag(string key)
    {
        switch (custom[key])
        {
            case null:
                return false;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                return b;
            default:
                problems.Add($"custom.{key} must be true or false.");
                return false;
        }
    }

    public OnnxParameter Parameter(string key, double fallback, double minimum)
    {
        switch (custom[key])
        {
            case null:
                return new OnnxParameter(fallback);
            case JsonValue v when v.TryGetValue<double>(out var n) && n >= minimum && double.IsFinite(n):
                return new OnnxParameter(n);
            case JsonValue v when v.TryGetValue<string>(out var id) && InputOfType(id) == "Number":
                var input = DescriptorInputs.OfType<JsonObject>().First(i => Str(i, "id") == id);
                return new OnnxParameter(input["default-value"] is JsonValue d && d.TryGetValue<double>(out var dv) ? dv : fallback, id);
            default:
                problems.Add($"custom.{key} must be a number (at least {minimum}) or the id of a Number input of the descriptor.");
                return new OnnxParameter(fallback);
        }
    }

    private static double? Millimetres(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var mm) && mm > 0 && double.IsFinite(mm) ? mm : null;

    private string? InputOfType(string id) =>
        DescriptorInputs.OfType<JsonObject>().Where(i => Str(i, "id") == id).Select(i => Str(i, "type")).FirstOrDefault();

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
