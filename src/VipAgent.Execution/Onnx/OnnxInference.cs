using Microsoft.ML.OnnxRuntime;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs a model (<see cref="OnnxInferencePlan"/>) over one or several multi-channel volumes of the same grid as
/// <c>[N, C, D, H, W]</c> float tensors, N windows at once (the volumes, or the tiles of larger volumes
/// (<see cref="OnnxTiling"/>), when the model's batch dimension is symbolic); smaller volumes are padded; each output
/// is cropped back to the volume.
/// </summary>
internal static class OnnxInference
{
    /// <summary>
    /// The output channels of each volume on the plan's grid, in the order of <paramref name="volumes"/>. Up to
    /// <paramref name="batchLimit"/> windows (of these volumes, or tiles of one volume) go through one <c>Run</c>;
    /// the volumes of a batch are never more than that limit.
    /// </summary>
    public static float[][][] Run(OnnxInferencePlan plan, IReadOnlyList<float[][]> volumes, int batchLimit, CancellationToken ct)
    {
        var (grid, window, padded) = (plan.Grid, plan.Window, plan.Padded);
        var sources = volumes.Select(channels => channels.Select(c => grid.Resize(c, padded, plan.Padding)).ToArray()).ToArray();
        using var options = new RunOptions();
        using var stop = ct.Register(() => options.Terminate = true);
        if (sources.Length == 1 && plan.IsSingleWindowOneChannel)
        {
            return [[Crop(plan, RunWhole(plan, options, sources[0][0], ct))]];
        }

        var tiles = from z in OnnxTiling.Axis(padded.Z, window.Z, plan.Overlap.Z)
                    from y in OnnxTiling.Axis(padded.Y, window.Y, plan.Overlap.Y)
                    from x in OnnxTiling.Axis(padded.X, window.X, plan.Overlap.X)
                    select (z, y, x);
        var (n, channelCount, size) = (sources.Length, plan.Channels, (int)window.Count);
        var windows = (from tile in tiles from v in Enumerable.Range(0, n) select (Volume: v, Tile: tile)).ToList();
        var perRun = Math.Min(windows.Count, Math.Max(n, batchLimit));

        // one volume of one channel in one window is fed as it is; anything else is gathered into one tensor
        var fedAsIs = windows.Count == 1 && channelCount == 1;
        var buffer = fedAsIs ? sources[0][0] : GC.AllocateUninitializedArray<float>(perRun * channelCount * size);
        var results = new float[n][][];
        for (var first = 0; first < windows.Count; first += perRun)
        {
            ct.ThrowIfCancellationRequested();
            var run = windows.GetRange(first, Math.Min(perRun, windows.Count - first));
            for (var i = 0; i < run.Count && !fedAsIs; i++)
            {
                var (v, (z, y, x)) = run[i];
                for (var c = 0; c < channelCount; c++)
                {
                    padded.CopyBox(sources[v][c], (z.Start, y.Start, x.Start), window, buffer.AsSpan(((i * channelCount) + c) * size, size));
                }
            }

            using var tensor = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, run.Count * channelCount * size), [run.Count, channelCount, window.Z, window.Y, window.X]);
            using var outputs = RunOnce(plan, options, tensor, ct);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 5 || shape[0] != run.Count || shape[2] != window.Z || shape[3] != window.Y || shape[4] != window.X)
            {
                throw new OnnxJobException(
                    $"The model's output '{plan.OutputName}' has shape [{string.Join(", ", shape)}]; the onnx backend needs [{run.Count}, C, {window.Z}, {window.Y}, {window.X}] (a voxel-wise output the size of its input).");
            }

            var data = output.GetTensorDataAsSpan<float>();
            var outChannels = (int)shape[1];
            for (var i = 0; i < run.Count; i++)
            {
                var (v, tile) = run[i];

                // the tiles' kept parts cover the padded grid, so every voxel of a rented buffer gets written
                var result = results[v] ??= [.. Enumerable.Range(0, outChannels).Select(_ => plan.Buffers.Rent(padded.Count))];
                for (var c = 0; c < outChannels; c++)
                {
                    var slice = data.Slice(((i * outChannels) + c) * size, size);
                    if (window == padded)
                    {
                        slice.CopyTo(result[c]);
                    }
                    else
                    {
                        Keep(slice, window, tile, result[c], padded);
                    }
                }
            }
        }

        return [.. results.Select(result => result.Select(c => Crop(plan, c)).ToArray())];
    }

    /// <summary>
    /// One window holding the whole volume, one channel in and out: the tensors wrap the arrays, nothing is copied,
    /// and the output goes into a buffer of the model's pool (give it back once the job's outputs are written).
    /// </summary>
    private static float[] RunWhole(OnnxInferencePlan plan, RunOptions options, float[] volume, CancellationToken ct)
    {
        var window = plan.Window;
        var result = plan.Buffers.Rent(window.Count); // every voxel is written by the model
        long[] shape = [1, 1, window.Z, window.Y, window.X];
        using var input = OrtValue.CreateTensorValueFromMemory(volume, shape);
        using var output = OrtValue.CreateTensorValueFromMemory(result, shape);
        try
        {
            plan.Session.Run(options, [plan.InputName], [input], [plan.OutputName], [output]);
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            plan.Buffers.Return(result);
            throw new OperationCanceledException(ct);
        }
        catch (OnnxRuntimeException e)
        {
            plan.Buffers.Return(result);
            throw new OnnxJobException($"Inference failed: {e.Message.Split('\n')[0]}", e);
        }

        return result;
    }

    /// <summary>The output cropped from the padded grid to the volume's, the padded buffer going back to the pool.</summary>
    private static float[] Crop(OnnxInferencePlan plan, float[] padded)
    {
        var cropped = plan.Padded.Resize(padded, plan.Grid, PaddingMode.Zero);
        if (cropped != padded)
        {
            plan.Buffers.Return(padded);
        }

        return cropped;
    }

    private static IDisposableReadOnlyCollection<OrtValue> RunOnce(OnnxInferencePlan plan, RunOptions options, OrtValue tensor, CancellationToken ct)
    {
        try
        {
            return plan.Session.Run(options, [plan.InputName], [tensor], [plan.OutputName]);
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxJobException($"Inference failed: {e.Message.Split('\n')[0]}", e);
        }
    }

    private static void Keep(
        ReadOnlySpan<float> tile, VolumeGrid window, (OnnxTiling.Span1D Z, OnnxTiling.Span1D Y, OnnxTiling.Span1D X) at, float[] target, VolumeGrid grid)
    {
        var width = at.X.KeepEnd - at.X.KeepStart;
        for (var z = at.Z.KeepStart; z < at.Z.KeepEnd; z++)
        {
            for (var y = at.Y.KeepStart; y < at.Y.KeepEnd; y++)
            {
                var from = ((((z - at.Z.Start) * window.Y) + (y - at.Y.Start)) * window.X) + (at.X.KeepStart - at.X.Start);
                var to = ((((long)z * grid.Y) + y) * grid.X) + at.X.KeepStart;
                tile.Slice(from, width).CopyTo(target.AsSpan((int)to, width));
            }
        }
    }
}
