namespace VipAgent.Execution.Onnx;

/// <summary>Turns the model's output channels into the result volume: a mask, a label map, or the raw first channel.</summary>
public static class OnnxPostprocessing
{
    /// <summary>The result, and whether it holds labels (integers) rather than raw values.</summary>
    public static (float[] Result, bool IsLabels) Apply(float[][] channels, VolumeGrid grid, OnnxApplication application, IReadOnlyDictionary<string, double> numbers)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(application);
        var mode = application.PostProcess == PostProcessing.Auto
            ? channels.Length == 1 ? PostProcessing.Threshold : PostProcessing.Argmax
            : application.PostProcess;
        if (mode == PostProcessing.None)
        {
            return ((float[])channels[0].Clone(), false);
        }

        var result = mode == PostProcessing.Threshold
            ? Threshold(channels[0], (float)application.Threshold.Resolve(numbers))
            : Argmax(channels);
        var minimum = (int)Math.Round(application.MinComponentSize.Resolve(numbers));
        if (application.LargestComponent || minimum > 1)
        {
            ConnectedComponents.Filter(result, grid, application.LargestComponent, minimum);
        }

        return (result, true);
    }

    private static float[] Threshold(float[] values, float threshold)
    {
        var mask = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            mask[i] = values[i] > threshold ? 1 : 0;
        }

        return mask;
    }

    private static float[] Argmax(float[][] channels)
    {
        var labels = new float[channels[0].Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var best = 0;
            for (var c = 1; c < channels.Length; c++)
            {
                if (channels[c][i] > channels[best][i])
                {
                    best = c;
                }
            }

            labels[i] = best;
        }

        return labels;
    }
}
