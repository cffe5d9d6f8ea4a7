using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Reads the <c>vipagent:*</c> fields of a descriptor's <c>custom</c> object into an <see cref="OnnxApplication"/>,
/// checking each against the descriptor's inputs and outputs. Pure: the model file is not opened here.
/// </summary>
public static class OnnxApplicationParser
{
    /// <summary>The <c>custom</c> key that marks an ONNX application, and its value.</summary>
    public const string RuntimeKey = "vipagent:runtime";

    public const string ModelKey = "vipagent:model";

    private static readonly string[] Known =
    [
        RuntimeKey, ModelKey, "vipagent:inputs", "vipagent:normalisation", "vipagent:clip", "vipagent:tile", "vipagent:overlap",
        "vipagent:padding", "vipagent:pad-multiple", "vipagent:output-tensor", "vipagent:postprocess", "vipagent:threshold",
        "vipagent:largest-component", "vipagent:min-component-size", "vipagent:outputs", "vipagent:spacing",
    ];

    /// <summary>Whether the descriptor declares <c>"vipagent:runtime": "onnx"</c>.</summary>
    public static bool IsOnnx(JsonNode? descriptor) =>
        descriptor?["custom"] is JsonObject custom && custom[RuntimeKey] is JsonValue v && v.TryGetValue<string>(out var s) && s == "onnx";

    /// <summary>Parses a descriptor's JSON text; see <see cref="Parse(JsonObject)"/>.</summary>
    public static OnnxParse Parse(string descriptorJson)
    {
        try
        {
            return JsonNode.Parse(descriptorJson) is JsonObject descriptor
                ? Parse(descriptor)
                : new OnnxParse(null, ["The descriptor is not a JSON object."]);
        }
        catch (JsonException e)
        {
            return new OnnxParse(null, [$"The descriptor is not valid JSON: {e.Message}"]);
        }
    }

    /// <summary>The ONNX application a descriptor declares, or every problem found (each naming its field and the fix).</summary>
    public static OnnxParse Parse(JsonObject descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var problems = new List<string>();
        if (!IsOnnx(descriptor))
        {
            return new OnnxParse(null, [$"custom.{RuntimeKey} is not \"onnx\": this descriptor is not an ONNX application."]);
        }

        var custom = (JsonObject)descriptor["custom"]!;
        var fields = new OnnxFields(custom, descriptor, problems);
        foreach (var key in custom.Select(p => p.Key).Where(k => k.StartsWith("vipagent:", StringComparison.Ordinal) && !Known.Contains(k)))
        {
            problems.Add($"custom.{key} is not a field of ONNX applications; known fields: {string.Join(", ", Known)}.");
        }

        var model = fields.ModelPath();
        var inputs = fields.Inputs();
        var outputs = fields.Outputs();
        var tile = fields.Triple("vipagent:tile", minimum: 1);
        var overlap = fields.Triple("vipagent:overlap", minimum: 0) ?? (8, 8, 8);
        if (tile is { } t && (overlap.Z >= t.Z || overlap.Y >= t.Y || overlap.X >= t.X))
        {
            problems.Add($"custom.vipagent:overlap ({overlap.Z}, {overlap.Y}, {overlap.X}) must be smaller than the tile ({t.Z}, {t.Y}, {t.X}) along every axis.");
        }

        var application = new OnnxApplication
        {
            ModelPath = model ?? "",
            Inputs = inputs,
            Outputs = outputs,
            Normalisation = fields.Choice("vipagent:normalisation", IntensityNormalisation.None,
                ("none", IntensityNormalisation.None), ("z-score", IntensityNormalisation.ZScore), ("min-max", IntensityNormalisation.MinMax)),
            Clip = fields.Range("vipagent:clip"),
            Tile = tile,
            Overlap = overlap,
            Padding = fields.Choice("vipagent:padding", PaddingMode.Zero, ("zero", PaddingMode.Zero), ("edge", PaddingMode.Edge)),
            Spacing = fields.Spacing("vipagent:spacing"),
            PadMultiple = fields.Integer("vipagent:pad-multiple", 1, minimum: 1),
            OutputTensor = fields.Text("vipagent:output-tensor"),
            PostProcess = fields.Choice("vipagent:postprocess", PostProcessing.Auto,
                ("auto", PostProcessing.Auto), ("threshold", PostProcessing.Threshold), ("argmax", PostProcessing.Argmax), ("none", PostProcessing.None)),
            Threshold = fields.Parameter("vipagent:threshold", 0.5, minimum: double.MinValue),
            LargestComponent = fields.Flag("vipagent:largest-component"),
            MinComponentSize = fields.Parameter("vipagent:min-component-size", 0, minimum: 0),
        };
        return problems.Count == 0 ? new OnnxParse(application, []) : new OnnxParse(null, problems);
    }
}

/// <summary>The result of parsing: the application, or the problems that prevent it.</summary>
public sealed record OnnxParse(OnnxApplication? Value, IReadOnlyList<string> Problems);
