using System.Diagnostics;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs one ONNX job in its folder: loads (or reuses) the model session, reads and pre-processes the NIfTI inputs,
/// runs inference, post-processes and writes every output with the first input's header (so its affine).
/// </summary>
internal static class OnnxJobRunner
{
    public static OnnxRunReport Run(OnnxJob job, string folder, OnnxModelCache cache, OnnxBackendOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var (model, cached) = cache.Acquire(Inside(folder, job.ModelPath, mustStayInside: false), job.ModelSha256);
        try
        {
            var load = clock.Elapsed;
            var application = job.Application;
            if (application.Inputs.Count != 1)
            {
                throw new OnnxJobException($"The application maps {application.Inputs.Count} model inputs; the onnx backend feeds one.");
            }

            clock.Restart();
            var binding = application.Inputs[0];
            var volumes = binding.Channels.Select(id => ReadInput(job, folder, id, options)).ToList();
            var first = volumes[0];
            var (x, y, z) = first.Shape;
            var grid = new VolumeGrid(z, y, x);
            foreach (var (volume, id) in volumes.Zip(binding.Channels).Skip(1))
            {
                if (volume.Shape != first.Shape)
                {
                    throw new OnnxJobException($"Input '{id}' is {volume.Shape.X}×{volume.Shape.Y}×{volume.Shape.Z} and '{binding.Channels[0]}' is {x}×{y}×{z}: channels of one model input must share their grid (co-register them first).");
                }
            }

            var channels = volumes.Select(v =>
            {
                var copy = (float[])v.Voxels.Clone();
                OnnxPreprocessing.Apply(copy, application);
                return copy;
            }).ToArray();
            var preprocess = clock.Elapsed;

            clock.Restart();
            var output = OnnxInference.Run(model.Session, application, binding.ModelInput, channels, grid, ct);
            var inference = clock.Elapsed;

            clock.Restart();
            var (result, isLabels) = OnnxPostprocessing.Apply(output, grid, application, job.Numbers);
            foreach (var target in application.Outputs)
            {
                if (!job.OutputFiles.TryGetValue(target.OutputId, out var path))
                {
                    continue; // an optional output the invocation does not ask for
                }

                Write(target.Kind, Inside(folder, path, mustStayInside: true), first, result, isLabels, output);
            }

            return new OnnxRunReport(model.DeviceDescription, cached, load, preprocess, inference, clock.Elapsed, grid);
        }
        finally
        {
            model.Release();
        }
    }

    private static NiftiVolume ReadInput(OnnxJob job, string folder, string id, OnnxBackendOptions options)
    {
        try
        {
            return NiftiFile.Read(Inside(folder, job.InputFiles[id], mustStayInside: false), options.MaxVoxels);
        }
        catch (NiftiFormatException e)
        {
            throw new OnnxJobException($"Input '{id}': {e.Message}", e);
        }
    }

    private static void Write(OnnxOutputKind kind, string path, NiftiVolume input, float[] result, bool isLabels, float[][] output)
    {
        switch (kind)
        {
            case OnnxOutputKind.Mask when isLabels:
                NiftiFile.Write(path, input.Header, result, result.Max() > byte.MaxValue ? NiftiDataType.Int16 : NiftiDataType.UInt8);
                break;
            case OnnxOutputKind.Mask:
                NiftiFile.Write(path, input.Header, result, NiftiDataType.Float32);
                break;
            case OnnxOutputKind.Probabilities:
                NiftiFile.Write(path, input.Header, output.Length == 1 ? output[0] : Foreground(output), NiftiDataType.Float32);
                break;
            case OnnxOutputKind.MaskedInput:
                var masked = new float[result.Length];
                for (var i = 0; i < masked.Length; i++)
                {
                    masked[i] = result[i] != 0 ? input.Voxels[i] : 0;
                }

                var header = input.Header;
                var slope = header.Slope is 0 ? 1 : header.Slope;
                NiftiFile.Write(path, header, masked, header.DataType, slope, header.Slope is 0 ? 0 : header.Intercept);
                break;
        }
    }

    /// <summary>For a multi-channel output: one minus the first (background) channel.</summary>
    private static float[] Foreground(float[][] output) => [.. output[0].Select(p => 1 - p)];

    /// <summary>A job path: relative ones resolved in the folder (never escaping it), absolute ones kept, outputs always inside.</summary>
    private static string Inside(string folder, string path, bool mustStayInside)
    {
        if (!Path.IsPathRooted(path))
        {
            return PathGuard.Resolve(folder, path);
        }

        if (mustStayInside && !PathGuard.IsInside(folder, path))
        {
            throw new OnnxJobException($"The output '{path}' lies outside the job's folder.");
        }

        return path;
    }
}
