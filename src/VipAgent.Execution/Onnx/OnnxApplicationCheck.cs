using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// The import-time check of an ONNX application: its <c>vipagent:*</c> fields (<see cref="OnnxApplicationParser"/>)
/// and, when the descriptor's folder is known, its model: that ONNX Runtime loads it (on the CPU) and that its
/// input and output are float volumes <c>[1, C, D, H, W]</c> with as many input channels as the descriptor feeds.
/// Its signature fits the registry's <c>DescriptorCheck</c>; descriptors that are not ONNX applications pass.
/// </summary>
public static class OnnxApplicationCheck
{
    public static IReadOnlyList<string> Check(JsonNode descriptor, string? folder)
    {
        if (descriptor is not JsonObject root || !OnnxApplicationParser.IsOnnx(root))
        {
            return [];
        }

        var parse = OnnxApplicationParser.Parse(root);
        if (parse.Value is not { } application)
        {
            return parse.Problems;
        }

        var path = folder is null ? null : Path.GetFullPath(Path.Combine(folder, application.ModelPath));
        return path is null || !File.Exists(path) ? [] : CheckModel(path, application);
    }

    private static List<string> CheckModel(string path, OnnxApplication application)
    {
        var problems = new List<string>();
        try
        {
            using var options = new SessionOptions();
            using var session = new InferenceSession(path, options);
            var binding = application.Inputs[0];
            var name = binding.ModelInput ?? session.InputNames[0];
            if (!session.InputMetadata.TryGetValue(name, out var input))
            {
                problems.Add($"custom.vipagent:inputs names the model input '{name}'; the model's inputs are {string.Join(", ", session.InputNames)}.");
            }
            else
            {
                Volume(problems, "input", name, input, binding.Channels.Count);
            }

            var outputName = application.OutputTensor ?? session.OutputNames[0];
            if (!session.OutputMetadata.TryGetValue(outputName, out var output))
            {
                problems.Add($"custom.vipagent:output-tensor names '{outputName}'; the model's outputs are {string.Join(", ", session.OutputNames)}.");
            }
            else
            {
                Volume(problems, "output", outputName, output, null);
            }
        }
        catch (OnnxRuntimeException e)
        {
            problems.Add($"custom.vipagent:model '{application.ModelPath}' is not a model ONNX Runtime loads: {e.Message.Split('\n')[0]}");
        }

        return problems;
    }

    private static void Volume(List<string> problems, string role, string name, NodeMetadata meta, int? channels)
    {
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float || meta.Dimensions.Length != 5)
        {
            problems.Add($"The model's {role} '{name}' must be a float tensor [1, C, D, H, W]; it is {meta.ElementDataType} with {meta.Dimensions.Length} dimensions.");
        }
        else if (channels is { } count && meta.Dimensions[1] > 0 && meta.Dimensions[1] != count)
        {
            problems.Add($"The model's input '{name}' takes {meta.Dimensions[1]} channel(s) and the descriptor feeds {count}; map the inputs with custom.vipagent:inputs.");
        }
    }
}
