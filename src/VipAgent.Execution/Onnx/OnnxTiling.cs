namespace VipAgent.Execution.Onnx;

/// <summary>
/// Cuts a grid into tiles of the model's window that overlap by at least the given voxels; each output voxel is
/// taken from the one tile whose middle it lies in, so a fully-convolutional model whose receptive field reaches
/// no further than half the overlap gives exactly the whole-volume result.
/// </summary>
public static class OnnxTiling
{
    /// <summary>One tile along one axis: where its window starts, and the part [Keep.Start, Keep.End) of the grid it writes.</summary>
    public readonly record struct Span1D(int Start, int KeepStart, int KeepEnd);

    /// <summary>The tiles along one axis of <paramref name="length"/> voxels (length at least window).</summary>
    public static IReadOnlyList<Span1D> Axis(int length, int window, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, window);
        if (length == window)
        {
            return [new Span1D(0, 0, length)];
        }

        var stride = Math.Max(1, window - overlap);
        var starts = new List<int>();
        for (var start = 0; start + window < length; start += stride)
        {
            starts.Add(start);
        }

        starts.Add(length - window);
        var tiles = new List<Span1D>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            // the boundary between two tiles is the middle of the part they share
            var keepStart = i == 0 ? 0 : (starts[i] + starts[i - 1] + window) / 2;
            var keepEnd = i == starts.Count - 1 ? length : (starts[i + 1] + starts[i] + window) / 2;
            tiles.Add(new Span1D(starts[i], keepStart, keepEnd));
        }

        return tiles;
    }
}
