using System.Diagnostics;
using System.Security.Cryptography;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Sessions are expensive: each model file is loaded once (keyed by its path and SHA-256) and shared by every
/// job using it, the least recently used released past <see cref="OnnxBackendOptions.MaxCachedModels"/>.
/// A model whose bytes do not hash to the SHA-256 recorded at import is refused.
/// </summary>
internal sealed class OnnxModelCache(OnnxBackendOptions options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Lazy<OnnxModel> Model, long LastUsed)> _models = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fallbacksSaid = new(StringComparer.Ordinal);
    private long _clock;

    /// <summary>The model, loaded now or taken from the cache (<c>cached</c>), acquired: call Release when done.</summary>
    public (OnnxModel Model, bool Cached) Acquire(string modelPath, string? expectedSha256)
    {
        var key = Path.GetFullPath(modelPath) + "|" + (expectedSha256 ?? FileStamp(modelPath));
        while (true)
        {
            Lazy<OnnxModel> entry;
            bool cached;
            lock (_gate)
            {
                cached = _models.TryGetValue(key, out var found);
                entry = cached ? found.Model : new Lazy<OnnxModel>(() => Load(modelPath, expectedSha256));
                _models[key] = (entry, ++_clock);
                EvictBeyondLimit();
            }

            OnnxModel model;
            try
            {
                model = entry.Value;
            }
            catch
            {
                lock (_gate)
                {
                    _models.Remove(key);
                }

                throw;
            }

            if (model.TryAcquire())
            {
                return (model, cached);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var (model, _) in _models.Values.Where(m => m.Model.IsValueCreated))
            {
                model.Value.Evict();
            }

            _models.Clear();
        }
    }

    private OnnxModel Load(string modelPath, string? expectedSha256)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(modelPath))
        {
            throw new OnnxJobException($"The model file '{Path.GetFileName(modelPath)}' is missing; re-import the application with its model beside the descriptor.");
        }

        var bytes = File.ReadAllBytes(modelPath);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (expectedSha256 is not null && !string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new OnnxJobException(
                $"The model file '{Path.GetFileName(modelPath)}' has SHA-256 {sha[..12]}… but the application version recorded {expectedSha256[..Math.Min(12, expectedSha256.Length)]}…: it changed since import; publish the new model under a new tool-version.");
        }

        try
        {
            var (session, device, fallback) = OnnxDevice.Open(bytes, options);
            if (fallback is not null)
            {
                SayOnce(fallback);
            }

            return new OnnxModel(session, device, fallback, sha, clock.Elapsed);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw new OnnxJobException($"ONNX Runtime cannot load the model '{Path.GetFileName(modelPath)}': {e.Message.Split('\n')[0]}", e);
        }
    }

    private void SayOnce(string fallback)
    {
        lock (_gate)
        {
            if (_fallbacksSaid.Add(fallback))
            {
                options.Log?.Invoke($"onnx backend: running on the CPU; {fallback}");
            }
        }
    }

    private void EvictBeyondLimit()
    {
        while (_models.Count > Math.Max(1, options.MaxCachedModels))
        {
            var oldest = _models.MinBy(p => p.Value.LastUsed);
            _models.Remove(oldest.Key);
            if (oldest.Value.Model.IsValueCreated)
            {
                oldest.Value.Model.Value.Evict();
            }
        }
    }

    private static string FileStamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.Length}@{info.LastWriteTimeUtc.Ticks}" : "missing";
    }
}
