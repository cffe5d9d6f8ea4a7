namespace VipAgent.Execution.Onnx;

/// <summary>How input intensities are rescaled, per channel, before inference.</summary>
public enum IntensityNormalisation
{
    /// <summary>Values go to the model as read (scaled by the file's slope and intercept).</summary>
    None,

    /// <summary>Minus the mean, divided by the standard deviation of the volume.</summary>
    ZScore,

    /// <summary>Rescaled linearly so the volume's minimum is 0 and its maximum 1.</summary>
    MinMax,
}

/// <summary>What fills the voxels added when a volume is padded to the model's window.</summary>
public enum PaddingMode
{
    /// <summary>Zeros (after normalisation).</summary>
    Zero,

    /// <summary>The nearest edge voxel's value.</summary>
    Edge,
}

/// <summary>How the model's output becomes the result volume.</summary>
public enum PostProcessing
{
    /// <summary>Threshold a one-channel output, argmax a multi-channel one.</summary>
    Auto,

    /// <summary>Voxels whose (first) channel is above the threshold become 1, the others 0.</summary>
    Threshold,

    /// <summary>Each voxel gets the index of its largest channel (a label map, 0 = background).</summary>
    Argmax,

    /// <summary>The raw output of the first channel, as float32.</summary>
    None,
}

/// <summary>What one output file holds.</summary>
public enum OnnxOutputKind
{
    /// <summary>The post-processed result: a mask (0/1) or a label map, as uint8 (int16 past 255 labels).</summary>
    Mask,

    /// <summary>The model's first output channel before post-processing, as float32.</summary>
    Probabilities,

    /// <summary>The first input volume where the result is non-zero, 0 elsewhere, in the input's voxel type.</summary>
    MaskedInput,
}

/// <summary>One model input and the descriptor File inputs feeding its channels, in order.</summary>
/// <param name="ModelInput">The model's input name; null means the model's first input.</param>
/// <param name="Channels">Descriptor input ids, one per channel.</param>
public sealed record OnnxInputBinding(string? ModelInput, IReadOnlyList<string> Channels);

/// <summary>One descriptor output file and what is written to it.</summary>
public sealed record OnnxOutputBinding(string OutputId, OnnxOutputKind Kind);

/// <summary>A number fixed in the descriptor, or read from an input of the invocation (its default when absent).</summary>
/// <param name="Value">The fixed value, or the fallback when the input has no value and no default.</param>
/// <param name="InputId">The descriptor input giving the value, if any.</param>
public sealed record OnnxParameter(double Value, string? InputId = null)
{
    /// <summary>The value for a job, given the numbers of its invocation (input id → value).</summary>
    public double Resolve(IReadOnlyDictionary<string, double> numbers) =>
        InputId is not null && numbers.TryGetValue(InputId, out var value) ? value : Value;
}

/// <summary>
/// An ONNX application: the <c>vipagent:*</c> fields of a descriptor's <c>custom</c> object, parsed and checked
/// by <see cref="OnnxApplicationParser"/>, with every optional field at its default. See Onnx/README.md.
/// </summary>
public sealed record OnnxApplication
{
    /// <summary>The model file, relative to the descriptor's folder.</summary>
    public required string ModelPath { get; init; }

    public required IReadOnlyList<OnnxInputBinding> Inputs { get; init; }

    public IntensityNormalisation Normalisation { get; init; } = IntensityNormalisation.None;

    /// <summary>Values clipped to [min, max] before normalisation (a CT window), or null.</summary>
    public (double Min, double Max)? Clip { get; init; }

    /// <summary>The tile (z, y, x) run at once; null: the model's fixed window, or the whole volume when it has none.</summary>
    public (int Z, int Y, int X)? Tile { get; init; }

    /// <summary>Voxels shared by neighbouring tiles (z, y, x); each tile keeps only its middle part.</summary>
    public (int Z, int Y, int X) Overlap { get; init; } = (8, 8, 8);

    public PaddingMode Padding { get; init; } = PaddingMode.Zero;

    /// <summary>
    /// The voxel size (z, y, x) in mm the model expects: inputs are resampled to it (trilinear) before inference and
    /// the results back to the input's grid; null: inputs go to the model on their own grid.
    /// </summary>
    public (double Z, double Y, double X)? Spacing { get; init; }

    /// <summary>A whole-volume run pads each dimension up to a multiple of this (U-Nets need 8 or 16).</summary>
    public int PadMultiple { get; init; } = 1;

    /// <summary>The model output read; null: the first.</summary>
    public string? OutputTensor { get; init; }

    public PostProcessing PostProcess { get; init; } = PostProcessing.Auto;

    public OnnxParameter Threshold { get; init; } = new(0.5);

    /// <summary>Keep only the largest 6-connected component of each label.</summary>
    public bool LargestComponent { get; init; }

    /// <summary>Remove 6-connected components smaller than this many voxels (0: keep all).</summary>
    public OnnxParameter MinComponentSize { get; init; } = new(0);

    public required IReadOnlyList<OnnxOutputBinding> Outputs { get; init; }
}
