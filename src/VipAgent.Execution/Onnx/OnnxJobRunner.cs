using System.Diagnostics;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// One ONNX job in its folder, in two halves around inference (which several jobs may share): <see cref="Prepare"/>
/// loads (or reuses) the model session, reads, resamples and pre-processes the NIfTI inputs and checks them against
/// the model; <see cref="Finish"/> post-processes, resamples back and writes every output with the first input's
/// header (so its affine).
/// </summary>
internal static class OnnxJobRunner
{
    /// <summary>The model's full path for a job in <paramref name="folder"/>: jobs with the same one share a session.</summary>
    public static string ModelPath(OnnxJob job, string folder) => Path.GetFullPath(Inside(folder, job.ModelPath, mustStayInside: false));

    public static OnnxPreparedJob Prepare(OnnxJob job, string folder, OnnxModelCache cache, OnnxBackendOptions options)
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
            foreach (var (volume, id) in volumes.Zip(binding.Channels).Skip(1))
            {
                if (volume.Shape != first.Shape)
                {
                    throw new OnnxJobException($"Input '{id}' is {volume.Shape.X}×{volume.Shape.Y}×{volume.Shape.Z} and '{binding.Channels[0]}' is {x}×{y}×{z}: channels of one model input must share their grid (co-register them first).");
                }
            }

            var grid = new VolumeGrid(z, y, x);
            var modelGrid = application.Spacing is { } spacing ? ModelGrid(first, grid, spacing, binding.Channels[0], volumes.Count, options) : grid;
            // pre-processing works in place: on a copy only where it changes values the masked-input output still needs
            var keepFirst = application.Outputs.Any(o => o.Kind == OnnxOutputKind.MaskedInput && job.OutputFiles.ContainsKey(o.OutputId))
                && (application.Clip is not null || application.Normalisation != IntensityNormalisation.None);
            var channels = volumes.Select((v, i) =>
            {
                var voxels = modelGrid != grid ? VolumeResampling.Trilinear(v.Voxels, grid, modelGrid) : i == 0 && keepFirst ? (float[])v.Voxels.Clone() : v.Voxels;
                OnnxPreprocessing.Apply(voxels, application);
                return voxels;
            }).ToArray();
            var plan = OnnxInferencePlan.Create(model, application, binding.ModelInput, channels.Length, modelGrid);
            return new OnnxPreparedJob(job, folder, model, cached, first, channels, plan, load, clock.Elapsed);
        }
        catch
        {
            model.Release();
            throw;
        }
    }

    /// <summary>Writes the job's outputs from the model's <paramref name="output"/> channels; <paramref name="batch"/> jobs shared the inference.</summary>
    public static OnnxRunReport Finish(OnnxPreparedJob job, float[][] output, TimeSpan inference, int batch)
    {
        var clock = Stopwatch.StartNew();
        var application = job.Job.Application;
        var modelGrid = job.Plan.Grid;
        var (x, y, z) = job.First.Shape;
        var grid = new VolumeGrid(z, y, x);
        var (result, isLabels) = OnnxPostprocessing.Apply(output, modelGrid, application, job.Job.Numbers);
        result = isLabels ? VolumeResampling.Nearest(result, modelGrid, grid) : VolumeResampling.Trilinear(result, modelGrid, grid);
        foreach (var target in application.Outputs)
        {
            if (!job.Job.OutputFiles.TryGetValue(target.OutputId, out var path))
            {
                continue; // an optional output the invocation does not ask for
            }

            var probabilities = target.Kind == OnnxOutputKind.Probabilities
                ? VolumeResampling.Trilinear(output.Length == 1 ? output[0] : Foreground(output), modelGrid, grid)
                : null;
            Write(target.Kind, Inside(job.Folder, path, mustStayInside: true), job.First, result, isLabels, probabilities);
        }

        return new OnnxRunReport(
            job.Model.DeviceDescription, job.CachedSession, job.Load, job.Preprocess, inference, clock.Elapsed, modelGrid, batch, modelGrid == grid ? null : grid);
    }

    private static VolumeGrid ModelGrid(NiftiVolume first, VolumeGrid grid, (double Z, double Y, double X) spacing, string id, int channels, OnnxBackendOptions options)
    {
        var header = first.Header;
        var voxel = (Z: (double)header.PixDim(3), Y: (double)header.PixDim(2), X: (double)header.PixDim(1));
        if (!(voxel.Z > 0 && voxel.Y > 0 && voxel.X > 0) || !double.IsFinite(voxel.Z + voxel.Y + voxel.X))
        {
            throw new OnnxJobException($"Input '{id}' gives no usable voxel size (pixdim {voxel.X} × {voxel.Y} × {voxel.Z}), so it cannot be resampled to custom.vipagent:spacing; fix its header or remove the field.");
        }

        var modelGrid = VolumeResampling.Grid(grid, voxel, spacing);
        if (modelGrid.Count * channels > options.MaxVoxels)
        {
            throw new OnnxJobException($"Input '{id}' resampled to {spacing.Z}×{spacing.Y}×{spacing.X} mm would be {modelGrid} voxels, past the backend's limit of {options.MaxVoxels}; use a coarser custom.vipagent:spacing or raise VipAgent:Onnx:MaxVoxels.");
        }

        return modelGrid;
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

    private static void Write(OnnxOutputKind kind, string path, NiftiVolume input, float[] result, bool isLabels, float[]? probabilities)
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
                NiftiFile.Write(path, input.Header, probabilities, NiftiDataType.Float32);
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
