using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs a model over a multi-channel volume as <c>[1, C, D, H, W]</c> float tensors: the window is the model's
/// fixed spatial shape, else the application's tile, else the whole (padded) volume; larger volumes go tile by
/// tile (<see cref="OnnxTiling"/>), smaller ones are padded; the output is cropped back to the volume.
/// </summary>
internal static class OnnxInference
{
    /// <summary>The output channels on <paramref name="grid"/>.</summary>
    public static float[][] Run(
        InferenceSession session, OnnxApplication application, string? modelInput, float[][] channels, VolumeGrid grid, CancellationToken ct)
    {
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

        var window = Window(input, application, channels.Length, grid, inputName);
        var padded = new VolumeGrid(Math.Max(grid.Z, window.Z), Math.Max(grid.Y, window.Y), Math.Max(grid.X, window.X));
        var source = channels.Select(c => grid.Resize(c, padded, application.Padding)).ToArray();
        var tiles = from z in OnnxTiling.Axis(padded.Z, window.Z, application.Overlap.Z)
                    from y in OnnxTiling.Axis(padded.Y, window.Y, application.Overlap.Y)
                    from x in OnnxTiling.Axis(padded.X, window.X, application.Overlap.X)
                    select (z, y, x);

        using var options = new RunOptions();
        using var stop = ct.Register(() => options.Terminate = true);
        if (window == padded && channels.Length == 1 && session.OutputMetadata[outputName].Dimensions is [_, 1, ..])
        {
            return [padded.Resize(RunWhole(session, options, inputName, source[0], window, outputName, ct), grid, PaddingMode.Zero)];
        }

        var buffer = new float[channels.Length * window.Count];
        float[][]? result = null;
        foreach (var (z, y, x) in tiles)
        {
            ct.ThrowIfCancellationRequested();
            for (var c = 0; c < source.Length; c++)
            {
                padded.CopyBox(source[c], (z.Start, y.Start, x.Start), window, buffer.AsSpan(c * (int)window.Count, (int)window.Count));
            }

            using var tensor = OrtValue.CreateTensorValueFromMemory(buffer, [1, channels.Length, window.Z, window.Y, window.X]);
            using var outputs = RunOnce(session, options, inputName, tensor, outputName, ct);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 5 || shape[0] != 1 || shape[2] != window.Z || shape[3] != window.Y || shape[4] != window.X)
            {
                throw new OnnxJobException(
                    $"The model's output '{outputName}' has shape [{string.Join(", ", shape)}]; the onnx backend needs [1, C, {window.Z}, {window.Y}, {window.X}] (a voxel-wise output the size of its input).");
            }

            result ??= [.. Enumerable.Range(0, (int)shape[1]).Select(_ => new float[padded.Count])];
            var data = output.GetTensorDataAsSpan<float>();
            for (var c = 0; c < result.Length; c++)
            {
                Keep(data.Slice(c * (int)window.Count, (int)window.Count), window, (z, y, x), result[c], padded);
            }
        }

        return [.. result!.Select(c => padded.Resize(c, grid, PaddingMode.Zero))];
    }

    /// <summary>One window holding the whole volume, one channel in and out: the tensors wrap the arrays, nothing is copied.</summary>
    private static float[] RunWhole(
        InferenceSession session, RunOptions options, string inputName, float[] volume, VolumeGrid window, string outputName, CancellationToken ct)
    {
        var result = new float[window.Count];
        long[] shape = [1, 1, window.Z, window.Y, window.X];
        using var input = OrtValue.CreateTensorValueFromMemory(volume, shape);
        using var output = OrtValue.CreateTensorValueFromMemory(result, shape);
        try
        {
            session.Run(options, [inputName], [input], [outputName], [output]);
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxJobException($"Inference failed: {e.Message.Split('\n')[0]}", e);
        }

        return result;
    }

    private static IDisposableReadOnlyCollection<OrtValue> RunOnce(
        InferenceSession session, RunOptions options, string inputName, OrtValue tensor, string outputName, CancellationToken ct)
    {
        try
        {
            return session.Run(options, [inputName], [tensor], [outputName]);
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

    private static VolumeGrid Window(NodeMetadata input, OnnxApplication application, int channels, VolumeGrid grid, string name)
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
