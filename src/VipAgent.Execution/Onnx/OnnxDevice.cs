using Microsoft.ML.OnnxRuntime;

namespace VipAgent.Execution.Onnx;

/// <summary>Which device the <c>onnx</c> backend asks for.</summary>
public enum OnnxDevicePreference
{
    /// <summary>CUDA when its provider loads and a device takes the model, else the CPU.</summary>
    Auto,

    /// <summary>CUDA wanted; falls back to the CPU (and says so) when CUDA cannot be used.</summary>
    Cuda,

    /// <summary>The CPU only.</summary>
    Cpu,
}

/// <summary>
/// Opens an inference session on the best usable device. CUDA is proven by loading its provider and creating
/// the session with it (never by <c>GetAvailableProviders()</c>, which lists CUDA even when it cannot load).
/// </summary>
internal static class OnnxDevice
{
    /// <summary>The session, the device used (<c>CUDA:0</c>, <c>CPU</c>) and why CUDA was not used, when it was wanted.</summary>
    public static (InferenceSession Session, string Device, string? Fallback) Open(byte[] model, OnnxBackendOptions options)
    {
        string? fallback = null;
        if (options.Device != OnnxDevicePreference.Cpu)
        {
            var cuda = NewOptions(options);
            try
            {
                cuda.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                return (new InferenceSession(model, cuda), $"CUDA:{options.CudaDeviceId}", null);
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                cuda.Dispose();
                fallback = "CUDA unavailable: " + FirstLine(e.Message);
            }
        }

        var cpu = NewOptions(options);
        return (new InferenceSession(model, cpu), "CPU", fallback);
    }

    private static SessionOptions NewOptions(OnnxBackendOptions options)
    {
        var session = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
        {
            session.IntraOpNumThreads = options.IntraOpThreads;
        }

        return session;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
