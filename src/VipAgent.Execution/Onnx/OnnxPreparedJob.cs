using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// One job read and checked, ready for inference: its acquired model (released by <see cref="Dispose"/>), its first
/// input (whose header every output keeps), its pre-processed channels on the model's grid, and the plan that says
/// which other jobs may share its <c>Run</c>.
/// </summary>
internal sealed class OnnxPreparedJob(
    OnnxJob job, string folder, OnnxModel model, bool cachedSession, NiftiVolume first, float[][] channels, OnnxInferencePlan plan, TimeSpan load, TimeSpan preprocess)
    : IDisposable
{
    private bool _released;

    public OnnxJob Job { get; } = job;

    public string Folder { get; } = folder;

    public OnnxModel Model { get; } = model;

    public bool CachedSession { get; } = cachedSession;

    /// <summary>The first input as read: its header and grid are the outputs'.</summary>
    public NiftiVolume First { get; } = first;

    /// <summary>The pre-processed channels on <see cref="OnnxInferencePlan.Grid"/>.</summary>
    public float[][] Channels { get; } = channels;

    public OnnxInferencePlan Plan { get; } = plan;

    public TimeSpan Load { get; } = load;

    public TimeSpan Preprocess { get; } = preprocess;

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            Model.Release();
        }
    }
}
