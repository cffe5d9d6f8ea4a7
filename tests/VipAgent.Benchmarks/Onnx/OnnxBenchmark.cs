using System.Diagnostics;
using System.Globalization;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Onnx;

/// <summary>
/// Issue 7's numbers for the onnx backend on the CPU, with the three catalog models on synthetic 64³ and 128³
/// volumes: a job's time with a cold and a cached session, its phases (from <c>.vip/onnx.json</c>, to the
/// microsecond), throughput, and the overhead over a bare <c>InferenceSession.Run</c> on the same model and tensor
/// of (i) the backend's inference phase and (ii) the whole job (NIfTI gzip read and write included); then the
/// throughput of batched jobs (<see cref="OnnxBatchThroughput"/>). Rounds are interleaved (the order alternating)
/// so both sides see the same load, each after a full garbage collection so neither pays for the other's garbage;
/// the job is awaited, not polled. Run:
/// <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- onnx [rounds]</c> (default 20).
/// </summary>
public static class OnnxBenchmark
{
    private static readonly string[] Descriptors = ["BrainExtractionNet-1.0.json", "CTOrganSeg-0.9.json", "WhiteMatterLesionSeg-2.1.json"];

    public static async Task RunAsync(int rounds, CancellationToken ct)
    {
        if (SharedData.Root is null)
        {
            Console.WriteLine("../shared is absent (set VIPAGENT_SHARED): the catalog models are needed");
            return;
        }

        Console.WriteLine($"CPU, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}; {rounds} warm rounds; medians");
        var root = Directory.CreateTempSubdirectory("vipagent-onnx-bench-").FullName;
        try
        {
            foreach (var size in new[] { 64, 128 })
            {
                foreach (var file in Descriptors)
                {
                    await MeasureAsync(Path.Combine(SharedData.Root, "evals", "catalog", file), size, rounds, Path.Combine(root, $"{size}-{file}"), ct);
                }
            }

            await OnnxBatchThroughput.RunAsync(Path.Combine(root, "batch"), Math.Max(3, rounds / 4), ct);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine($"load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task MeasureAsync(string descriptorPath, int size, int rounds, string folder, CancellationToken ct)
    {
        var json = File.ReadAllText(descriptorPath);
        var application = OnnxApplicationParser.Parse(json).Value!;
        var model = Path.Combine(Path.GetDirectoryName(descriptorPath)!, application.ModelPath);
        var voxels = BenchmarkJobs.Sphere(size);
        var source = Path.Combine(folder, "in.nii.gz");
        NiftiFile.Write(source, NiftiHeader.Create(size, size, size), voxels, NiftiDataType.Int16);

        await using var backend = new OnnxBackend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu }, new ContentStore(Path.Combine(folder, "store")), TimeProvider.System);
        var jobs = Enumerable.Range(0, rounds + 2).Select(i => BenchmarkJobs.Job($"job-{i}", folder, json, application, source, model)).ToList();
        using var bare = new BareSession(model, voxels, size);
        var cold = await BenchmarkJobs.RunAsync(backend, jobs[0], ct);
        await BenchmarkJobs.RunAsync(backend, jobs[1], ct); // warm-up
        bare.Run();
        bare.Run();
        var warm = new List<BenchmarkJobs.Timing>();
        var bareTimes = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            // interleaved, alternating which goes first, so both see the same load on a shared machine
            if (i % 2 == 1)
            {
                Settle();
                bareTimes.Add(bare.Run());
            }

            Settle();
            warm.Add(await BenchmarkJobs.RunAsync(backend, jobs[i + 2], ct));
            if (i % 2 == 0)
            {
                Settle();
                bareTimes.Add(bare.Run());
            }
        }

        var b = Median(bareTimes);
        var (wall, load, pre, inference, post) = (Median(warm.Select(w => w.WallMs)), Median(warm.Select(w => w.LoadMs)), Median(warm.Select(w => w.PreprocessMs)),
            Median(warm.Select(w => w.InferenceMs)), Median(warm.Select(w => w.PostprocessMs)));
        var other = Median(warm.Select(w => w.WallMs - w.LoadMs - w.PreprocessMs - w.InferenceMs - w.PostprocessMs));
        var paired = Median(warm.Zip(bareTimes, (w, bareMs) => 100 * (w.InferenceMs - bareMs) / bareMs));
        var name = Path.GetFileNameWithoutExtension(descriptorPath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {size}³: cold job {cold.WallMs,7:0.0} ms, cached job {wall,6:0.0} ms = load {load:0.00} + read & pre-process {pre:0.0} + inference {inference:0.0} + post-process & write {post:0.0} (+ {other:0.0} status and files) ms; {1000 / wall,5:0.00} volumes/s; session caching saves {cold.WallMs - wall,5:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"",-26} {size}³: (i) bare Run {b,7:0.00} ms, backend inference phase {inference,7:0.00} ms: overhead {100 * (inference - b) / b,5:0.0} % of medians, {paired,5:0.0} % median of paired rounds (target < 5 %); (ii) whole job {wall,7:0.0} ms = {wall / b,4:0.00} × bare Run ({100 * (wall - b) / b:0} % over it, of which read & pre-process {100 * pre / b:0} %, post-process & write {100 * post / b:0} %)"));
    }

    /// <summary><c>InferenceSession.Run</c> alone, on the same model and volume, with the backend's session options.</summary>
    private sealed class BareSession : IDisposable
    {
        private readonly Microsoft.ML.OnnxRuntime.SessionOptions _options = new() { GraphOptimizationLevel = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL };
        private readonly Microsoft.ML.OnnxRuntime.InferenceSession _session;
        private readonly Microsoft.ML.OnnxRuntime.OrtValue _tensor;
        private readonly Microsoft.ML.OnnxRuntime.RunOptions _run = new();

        public BareSession(string model, float[] voxels, int size)
        {
            _session = new Microsoft.ML.OnnxRuntime.InferenceSession(model, _options);
            _tensor = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(voxels, [1, 1, size, size, size]);
        }

        /// <summary>Milliseconds of one run.</summary>
        public double Run()
        {
            var clock = Stopwatch.StartNew();
            using var result = _session.Run(_run, [_session.InputNames[0]], [_tensor], [_session.OutputNames[0]]);
            return clock.Elapsed.TotalMilliseconds;
        }

        public void Dispose()
        {
            _run.Dispose();
            _tensor.Dispose();
            _session.Dispose();
            _options.Dispose();
        }
    }

    /// <summary>Collects the garbage of the previous measurement, so it is not collected during the next one.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
