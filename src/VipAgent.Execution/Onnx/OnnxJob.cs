using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// What the <c>onnx</c> backend needs to run one job of an ONNX application: the parsed application, the model
/// file (and the SHA-256 recorded for it at import, checked before it is loaded), the File inputs' paths, the
/// numbers of the invocation, and where each output goes. Paths are relative to the job's folder, or absolute.
/// </summary>
public sealed record OnnxJob(
    OnnxApplication Application,
    string ModelPath,
    string? ModelSha256,
    IReadOnlyDictionary<string, string> InputFiles,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> OutputFiles)
{
    /// <summary>
    /// The job for one invocation of an ONNX descriptor. <paramref name="invocationJson"/> holds the File inputs'
    /// paths as staged in the job's folder; <paramref name="outputFiles"/> is the Boutiques simulation's output
    /// id → path. Throws <see cref="ArgumentException"/> with every problem when the descriptor is not a valid
    /// ONNX application or the invocation lacks a File input the model needs.
    /// </summary>
    public static OnnxJob Create(
        string descriptorJson, string invocationJson, IReadOnlyDictionary<string, string> outputFiles, string modelPath, string? modelSha256)
    {
        ArgumentNullException.ThrowIfNull(outputFiles);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var parse = OnnxApplicationParser.Parse(descriptorJson);
        if (parse.Value is not { } application)
        {
            throw new ArgumentException(string.Join(" ", parse.Problems), nameof(descriptorJson));
        }

        var invocation = JsonNode.Parse(invocationJson) as JsonObject
            ?? throw new ArgumentException("The invocation is not a JSON object.", nameof(invocationJson));
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, value) in invocation)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                files[id] = text;
            }
            else if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
            {
                numbers[id] = n.GetValue<double>();
            }
        }

        var missing = application.Inputs.SelectMany(b => b.Channels).Where(id => !files.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"The invocation gives no file for {string.Join(", ", missing)}, which the model needs.", nameof(invocationJson));
        }

        return new OnnxJob(application, modelPath, modelSha256, files, numbers, new Dictionary<string, string>(outputFiles, StringComparer.Ordinal));
    }
}
