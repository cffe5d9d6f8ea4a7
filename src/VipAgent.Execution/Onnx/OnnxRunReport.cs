using System.Globalization;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// How one ONNX job ran: the device, whether its session came from the cache, each phase's time, the grid the model
/// saw, how many jobs shared its inference (<paramref name="Batch"/>) and, when the input was resampled to the
/// model's voxel size, the input's own grid.
/// </summary>
public sealed record OnnxRunReport(
    string Device,
    bool CachedSession,
    TimeSpan Load,
    TimeSpan Preprocess,
    TimeSpan Inference,
    TimeSpan Postprocess,
    VolumeGrid Grid,
    int Batch = 1,
    VolumeGrid? ResampledFrom = null)
{
    /// <summary>
    /// One line for the job's status and events, e.g. <c>device CPU; session cached; volume 64×64×64; load 0 ms,
    /// pre-process 3 ms, inference 41 ms, post-process 9 ms; batch 3</c> (times to 0.1 ms).
    /// </summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"device {Device}; session {(CachedSession ? "cached" : "loaded")}; volume {Grid}{(ResampledFrom is { } from ? $" (resampled from {from})" : "")}; load {Load.TotalMilliseconds:0.0} ms, pre-process {Preprocess.TotalMilliseconds:0.0} ms, inference {Inference.TotalMilliseconds:0.0} ms, post-process {Postprocess.TotalMilliseconds:0.0} ms{(Batch > 1 ? $"; batch {Batch}" : "")}");
}
