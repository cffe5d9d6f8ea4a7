using Microsoft.ML.OnnxRuntime;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// A loaded model: its session on the device it got, what its first input and output look like, and how many
/// jobs use it (a model evicted from the cache is released when the last of them is done).
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private int _users;
    private bool _evicted;

    public OnnxModel(InferenceSession session, string device, string? fallback, string sha256, TimeSpan loadTime)
    {
        Session = session;
        Device = device;
        Fallback = fallback;
        Sha256 = sha256;
        LoadTime = loadTime;
    }

    public InferenceSession Session { get; }

    /// <summary>Output buffers reused from one job of this model to the next.</summary>
    public OnnxBufferPool Buffers { get; } = new();

    /// <summary>The device the session runs on: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string Device { get; }

    /// <summary>Why CUDA was not used though it was wanted, or null.</summary>
    public string? Fallback { get; }

    public string Sha256 { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>The device and, when CUDA was wanted but not used, why.</summary>
    public string DeviceDescription => Fallback is null ? Device : $"{Device} ({Fallback})";

    public bool TryAcquire()
    {
        lock (Session)
        {
            if (_evicted)
            {
                return false;
            }

            _users++;
            return true;
        }
    }

    public void Release()
    {
        lock (Session)
        {
            _users--;
            if (_evicted && _users == 0)
            {
                Session.Dispose();
            }
        }
    }

    /// <summary>Leaves the cache: disposed now when unused, else when its last user releases it.</summary>
    public void Evict()
    {
        lock (Session)
        {
            _evicted = true;
            if (_users == 0)
            {
                Session.Dispose();
            }
        }
    }

    public void Dispose() => Evict();
}
