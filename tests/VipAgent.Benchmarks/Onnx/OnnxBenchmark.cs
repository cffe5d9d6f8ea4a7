using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Onnx;

/// <summary>
/// Issue 7's numbers for the onnx backend on the CPU, with the three catalog models on synthetic 64³ and 128³
/// volumes: a job's time with a cold and a cached session, its phases, throughput, and the overhead of the
/// backend's inference phase over a bare <c>InferenceSession.Run</c> on the same model and tensor. Run:
/// <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- onnx [rounds]</c>.
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

        Console.WriteLine($"CPU, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; {rounds} warm rounds; medians");
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
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task MeasureAsync(string descriptorPath, int size, int rounds, string folder, CancellationToken ct)
    {
        var json = File.ReadAllText(descriptorPath);
        var application = OnnxApplicationParser.Parse(json).Value!;
        var model = Path.Combine(Path.GetDirectoryName(descriptorPath)!, application.ModelPath);
        var input = application.Inputs[0].Channels[0];
        var outputs = application.Outputs.ToDictionary(o => o.OutputId, o => $"{o.OutputId}.nii.gz");
        var voxels = Sphere(size);
        var source = Path.Combine(folder, "in.nii.gz");
        NiftiFile.Write(source, NiftiHeader.Create(size, size, size), voxels, NiftiDataType.Int16);

        await using var backend = new OnnxBackend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu }, new ContentStore(Path.Combine(folder, "store")), TimeProvider.System);
        var jobs = Enumerable.Range(0, rounds + 1).Select(i => Job($"job-{i}", folder, json, input, source, outputs, model)).ToList();
        using var bareSession = new BareSession(model, voxels, size);
        var (cold, coldReason) = await TimeAsync(backend, jobs[0], ct);
        bareSession.Run(); // warm-up
        var warm = new List<(double Ms, string Reason)>();
        var bareTimes = new List<double>();
        foreach (var job in jobs.Skip(1))
        {
            // interleaved, so both see the same load on a shared machine
            warm.Add(await TimeAsync(backend, job, ct));
            bareTimes.Add(bareSession.Run());
        }

        var bare = Median(bareTimes);
        var median = warm.OrderBy(w => w.Ms).ElementAt(warm.Count / 2);
        var warmMs = median.Ms;
        var inference = Median(warm.Select(w => Phase(w.Reason, "inference")));
        var name = Path.GetFileNameWithoutExtension(descriptorPath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-26} {size}³: cold job {cold,7:0} ms ({Phases(coldReason)}); cached job {warmMs,6:0} ms ({Phases(median.Reason)}); " +
            $"{1000 / warmMs,5:0.00} volumes/s; session caching saves {cold - warmMs,5:0} ms; bare Run {bare,6:0.0} ms, backend inference phase {inference,6:0.0} ms: overhead {100 * (inference - bare) / bare,5:0.0} % (target < 5 %)"));
    }

    private static JobSpec Job(string id, string folder, string json, string input, string source, Dictionary<string, string> outputs, string model)
    {
        var jobFolder = Path.Combine(folder, id);
        Directory.CreateDirectory(jobFolder);
        var invocation = new JsonObject { [input] = source }.ToJsonString();
        return new JobSpec(id, jobFolder, JobCommand.FromArgv("onnx-infer")) { Onnx = OnnxJob.Create(json, invocation, outputs, model, null) };
    }

    private static async Task<(double Ms, string Reason)> TimeAsync(OnnxBackend backend, JobSpec job, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var handle = (await backend.SubmitAsync([job], ct))[0];
        while (true)
        {
            var status = (await backend.PollAsync([handle], ct))[0];
            if (status.IsFinal)
            {
                return status.State == JobState.Completed
                    ? (clock.Elapsed.TotalMilliseconds, status.Reason!)
                    : throw new InvalidOperationException($"{job.JobId} {status.State}: {status.Reason}");
            }

            await Task.Delay(1, ct);
        }
    }

    /// <summary><c>InferenceSession.Run</c> alone, on the same model and volume, with the backend's session options.</summary>
    private sealed class BareSession : IDisposable
    {
        private readonly SessionOptions _options = new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        private readonly InferenceSession _session;
        private readonly OrtValue _tensor;
        private readonly RunOptions _run = new();

        public BareSession(string model, float[] voxels, int size)
        {
            _session = new InferenceSession(model, _options);
            _tensor = OrtValue.CreateTensorValueFromMemory(voxels, [1, 1, size, size, size]);
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

    private static float[] Sphere(int size)
    {
        var random = new Random(7);
        var voxels = new float[size * size * size];
        var c = (size - 1) / 2.0;
        for (var i = 0; i < voxels.Length; i++)
        {
            double x = i % size, y = i / size % size, z = i / (size * size);
            var inside = ((x - c) * (x - c)) + ((y - c) * (y - c)) + ((z - c) * (z - c)) < size * size / 9.0;
            voxels[i] = (inside ? 800 : 100) + random.Next(50);
        }

        return voxels;
    }

    private static double Phase(string reason, string phase)
    {
        var at = reason.IndexOf(phase + " ", StringComparison.Ordinal) + phase.Length + 1;
        return double.Parse(reason[at..reason.IndexOf(" ms", at, StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private static string Phases(string reason) => reason[(reason.IndexOf("load ", StringComparison.Ordinal))..];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
