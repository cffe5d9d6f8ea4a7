using System.Globalization;

namespace VipAgent.Execution.Onnx;

/// <summary>How one ONNX job ran: the device, whether its session came from the cache, and each phase's time.</summary>
public sealed record OnnxRunReport(
    string Device, bool CachedSession, TimeSpan Load, TimeSpan Preprocess, TimeSpan Inference, TimeSpan Postprocess, VolumeGrid Grid)
{
    /// <summary>One line for the job's status and events, e.g. <c>CPU; session cached; load 0 ms, pre-process 3 ms, …</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"device {Device}; session {(CachedSession ? "cached" : "loaded")}; volume {Grid}; load {Load.TotalMilliseconds:0} ms, pre-process {Preprocess.TotalMilliseconds:0} ms, inference {Inference.TotalMilliseconds:0} ms, post-process {Postprocess.TotalMilliseconds:0} ms");
}
