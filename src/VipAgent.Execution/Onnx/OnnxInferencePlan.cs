using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// How one volume goes through a model: the tensors' names, the window run at once (the model's fixed spatial
/// shape, else the application's tile, else the whole padded volume), the padded grid the tiles cover, and whether
/// the model's batch dimension is symbolic, so that jobs with the same plan can share one <c>Run</c>.
/// </summary>
internal sealed record OnnxInferencePlan(
    InferenceSession Session,
    OnnxBufferPool Buffers,
    string InputName,
    string OutputName,
    int Channels,
    VolumeGrid Grid,
    VolumeGrid Window,
    VolumeGrid Padded,
    (int Z, int Y, int X) Overlap,
    PaddingMode Padding,
    bool Batchable)
{
    /// <summary>The plan for one volume, or an <see cref="OnnxJobException"/> saying why the model cannot take it.</summary>
    public static OnnxInferencePlan Create(OnnxModel model, OnnxApplication application, string? modelInput, int channels, VolumeGrid grid)
    {
        var session = model.Session;
        var inputName = modelInput ?? session.InputNames[0];
        if (!session.InputMetadata.TryGetValue(inputName, out var input))
        {
            throw new OnnxJobException($"The model has no input named '{inputName}'; its inputs are {string.Join(", ", session.InputNames)}.");
        }

        var outputName = application.OutputTensor ?? session.OutputNames[0];
        if (!session.OutputMetadata.ContainsKey(outputName))
        {
            throw new OnnxJobException($"The model has no output named '{outputName}'; its outputs are {string.Join(", ", session.OutputNames)}.");
        }

        if (session.InputNames.Count > 1)
        {
            throw new OnnxJobException($"The model takes {session.InputNames.Count} inputs ({string.Join(", ", session.InputNames)}); the onnx backend feeds one.");
        }

        var window = WindowOf(input, application, channels, grid, inputName);
        var padded = new VolumeGrid(Math.Max(grid.Z, window.Z), Math.Max(grid.Y, window.Y), Math.Max(grid.X, window.X));
        return new OnnxInferencePlan(
            session, model.Buffers, inputName, outputName, channels, grid, window, padded, application.Overlap, application.Padding, input.Dimensions[0] <= 0);
    }

    /// <summary>Whether the whole padded volume is one window of one channel, and the output has one channel too.</summary>
    public bool IsSingleWindowOneChannel =>
        Window == Padded && Channels == 1 && Session.OutputMetadata[OutputName].Dimensions is [_, 1, ..];

    /// <summary>
    /// Whether volumes of this plan and of <paramref name="other"/> can go through one <c>Run</c> together: the same
    /// session with a symbolic batch dimension, the same tensors, grid, window and overlap (so the same tiles).
    /// </summary>
    public bool CanShareRunWith(OnnxInferencePlan other) =>
        Batchable && other.Batchable && ReferenceEquals(Session, other.Session) && InputName == other.InputName
        && OutputName == other.OutputName && Channels == other.Channels && Grid == other.Grid && Window == other.Window && Overlap == other.Overlap;

    /// <summary>How many volumes one <c>Run</c> may take: at most <paramref name="maxBatch"/>, and a batch tensor within <paramref name="maxVoxels"/>.</summary>
    public int BatchLimit(int maxBatch, long maxVoxels) =>
        Batchable ? (int)Math.Clamp(maxVoxels / Math.Max(1, Channels * Window.Count), 1, Math.Max(1, maxBatch)) : 1;

    private static VolumeGrid WindowOf(NodeMetadata input, OnnxApplication application, int channels, VolumeGrid grid, string name)
    {
        if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
        {
            throw new OnnxJobException($"The model's input '{name}' is not a float tensor ({input.ElementDataType}); the onnx backend feeds float32 volumes.");
        }

        var dims = input.Dimensions;
        if (dims.Length != 5)
        {
            throw new OnnxJobException($"The model's input '{name}' has {dims.Length} dimensions; the onnx backend feeds [1, C, D, H, W] volumes (5).");
        }

        if (dims[1] > 0 && dims[1] != channels)
        {
            throw new OnnxJobException($"The model's input '{name}' takes {dims[1]} channel(s) and the application feeds {channels}; map the inputs with custom.vipagent:inputs.");
        }

        if (dims[0] > 1)
        {
            throw new OnnxJobException($"The model's input '{name}' has a fixed batch of {dims[0]}; the onnx backend feeds one volume at a time.");
        }

        if (dims[2] > 0 && dims[3] > 0 && dims[4] > 0)
        {
            var fixedWindow = new VolumeGrid(dims[2], dims[3], dims[4]);
            if (application.Tile is { } t && new VolumeGrid(t.Z, t.Y, t.X) != fixedWindow)
            {
                throw new OnnxJobException($"custom.vipagent:tile ({t.Z}, {t.Y}, {t.X}) differs from the model's fixed window {fixedWindow}; remove it or match it.");
            }

            return fixedWindow;
        }

        if (application.Tile is { } tile)
        {
            return new VolumeGrid(tile.Z, tile.Y, tile.X);
        }

        var m = application.PadMultiple;
        return new VolumeGrid(RoundUp(grid.Z, m), RoundUp(grid.Y, m), RoundUp(grid.X, m));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
