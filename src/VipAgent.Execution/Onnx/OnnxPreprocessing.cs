namespace VipAgent.Execution.Onnx;

/// <summary>Clipping and intensity normalisation of one channel, in place, as the application asks.</summary>
public static class OnnxPreprocessing
{
    public static void Apply(float[] voxels, OnnxApplication application)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(application);
        if (application.Clip is { } clip)
        {
            for (var i = 0; i < voxels.Length; i++)
            {
                voxels[i] = (float)Math.Clamp(voxels[i], clip.Min, clip.Max);
            }
        }

        switch (application.Normalisation)
        {
            case IntensityNormalisation.ZScore:
                var mean = voxels.Average(v => (double)v);
                var sd = Math.Sqrt(voxels.Average(v => (v - mean) * (v - mean)));
                Rescale(voxels, mean, sd > 0 ? sd : 1);
                break;
            case IntensityNormalisation.MinMax:
                var min = voxels.Min();
                var range = voxels.Max() - min;
                Rescale(voxels, min, range > 0 ? range : 1);
                break;
        }
    }

    private static void Rescale(float[] voxels, double offset, double scale)
    {
        for (var i = 0; i < voxels.Length; i++)
        {
            voxels[i] = (float)((voxels[i] - offset) / scale);
        }
    }
}
