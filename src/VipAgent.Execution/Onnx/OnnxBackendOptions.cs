using VipAgent.Execution.Imaging;

namespace VipAgent.Execution.Onnx;

/// <summary>Settings of the <c>onnx</c> backend (configuration: <c>VipAgent:Onnx:*</c>).</summary>
public sealed record OnnxBackendOptions
{
    /// <summary>The device asked for; default: CUDA when usable, else the CPU.</summary>
    public OnnxDevicePreference Device { get; init; } = OnnxDevicePreference.Auto;

    /// <summary>The CUDA device index.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>How many jobs run inference at once; the rest wait Queued. Each already uses several cores.</summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>
    /// How many queued jobs of the same model one inference may take at once as <c>[N, C, D, H, W]</c>, when the
    /// model's batch dimension is symbolic and their volumes give the same window; also bounded by <see cref="MaxVoxels"/>.
    /// 1: every job runs alone. Null (the default): <see cref="CudaBatch"/> on CUDA and 1 on the CPU, where batching
    /// measured slower (8 jobs of 64³ and 128³: 25–30 % fewer volumes per second of inference).
    /// </summary>
    public int? MaxBatch { get; init; }

    /// <summary>The batch a model running on CUDA takes when <see cref="MaxBatch"/> is not set.</summary>
    public const int CudaBatch = 4;

    /// <summary>The batch limit for a model on <paramref name="device"/> (<c>CPU</c>, <c>CUDA:0</c>).</summary>
    public int BatchOn(string device) =>
        MaxBatch ?? (device.StartsWith("CUDA", StringComparison.Ordinal) ? CudaBatch : 1);

    /// <summary>Threads per inference on the CPU; 0: ONNX Runtime's default (the machine's cores).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>The largest input volume accepted, in voxels (a memory bound; larger inputs fail the job with the reason), and the largest batch tensor built.</summary>
    public long MaxVoxels { get; init; } = NiftiFile.DefaultMaxVoxels;

    /// <summary>How many model sessions are kept loaded; the least recently used is released past it.</summary>
    public int MaxCachedModels { get; init; } = 4;

    /// <summary>Where the backend says things once (a CUDA fallback); null: nowhere but the jobs' logs.</summary>
    public Action<string>? Log { get; init; }
}
