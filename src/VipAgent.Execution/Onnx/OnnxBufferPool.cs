using System.Collections.Concurrent;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Output buffers handed back after a job's outputs are written, so the next job of the same model writes its
/// result into memory already mapped (a fresh array of a 128³ volume costs thousands of page faults and, on the
/// large-object heap, background collections that compete with inference for the cores). Keeps at most
/// <see cref="MaxKeptFloats"/> floats (64 MB) per model.
/// </summary>
internal sealed class OnnxBufferPool
{
    public const long MaxKeptFloats = 16L * 1024 * 1024;

    private readonly ConcurrentBag<float[]> _spare = [];
    private long _kept;

    /// <summary>An array of exactly <paramref name="length"/> floats, its content undefined.</summary>
    public float[] Rent(long length)
    {
        while (_spare.TryTake(out var array))
        {
            Interlocked.Add(ref _kept, -array.LongLength);
            if (array.LongLength == length)
            {
                return array;
            }
        }

        return GC.AllocateUninitializedArray<float>(checked((int)length));
    }

    /// <summary>Keeps an array nobody uses any more for a later <see cref="Rent"/>, while the pool has room.</summary>
    public void Return(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (Interlocked.Add(ref _kept, array.LongLength) <= MaxKeptFloats)
        {
            _spare.Add(array);
        }
        else
        {
            Interlocked.Add(ref _kept, -array.LongLength);
        }
    }
}
