using System.Globalization;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;
using VipAgent.Execution.Tests.Onnx;

namespace VipAgent.Benchmarks.Onnx;

/// <summary>
/// Volumes per second of eight jobs submitted at once to a model with a symbolic batch dimension (a 3×3×3 mean
/// filter and a sigmoid, written in code), with batching off (MaxBatch 1) and on (MaxBatch 4), on 64³ and 128³:
/// for the whole jobs, and for inference alone (the sum of each batch's inference phase).
/// </summary>
internal static class OnnxBatchThroughput
{
    private const int Jobs = 8;

    private const string Descriptor = """
        {
          "name": "BatchBench", "tool-version": "1.0", "schema-version": "0.5", "description": "benchmark", "command-line": "onnx-infer [IMG] [MASK]",
          "custom": {"vipagent:runtime": "onnx", "vipagent:model": "net.onnx"},
          "inputs": [{"id": "img", "name": "Image", "type": "File", "value-key": "[IMG]"}],
          "output-files": [{"id": "mask", "name": "Mask", "path-template": "mask.nii.gz", "value-key": "[MASK]"}]
        }
        """;

    public static async Task RunAsync(string folder, int rounds, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "net.onnx");
        File.WriteAllBytes(model, OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f, symbolicBatch: true));
        var application = OnnxApplicationParser.Parse(Descriptor).Value!;
        foreach (var size in new[] { 64, 128 })
        {
            var source = Path.Combine(folder, $"in-{size}.nii.gz");
            NiftiFile.Write(source, NiftiHeader.Create(size, size, size), BenchmarkJobs.Sphere(size), NiftiDataType.Int16);
            var line = new List<string>();
            foreach (var maxBatch in new[] { 1, 4 })
            {
                await using var backend = new OnnxBackend(
                    new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = maxBatch }, new ContentStore(Path.Combine(folder, "store")), TimeProvider.System);
                var walls = new List<double>();
                var inference = new List<double>();
                for (var round = 0; round <= rounds; round++)
                {
                    var jobs = Enumerable.Range(0, Jobs).Select(i => BenchmarkJobs.Job($"{size}-{maxBatch}-{round}-{i}", folder, Descriptor, application, source, model)).ToList();
                    var (wall, timings) = await BenchmarkJobs.RunAllAsync(backend, jobs, ct);
                    if (round > 0) // round 0 loads the session
                    {
                        walls.Add(wall);
                        inference.Add(timings.Sum(t => t.InferenceMs / t.Batch));
                    }
                }

                var (w, i) = (OnnxBenchmark.Median(walls), OnnxBenchmark.Median(inference));
                line.Add(string.Create(CultureInfo.InvariantCulture, $"batching {(maxBatch == 1 ? "off" : $"on (MaxBatch {maxBatch})")}: {Jobs * 1000 / w,5:0.00} volumes/s whole jobs, {Jobs * 1000 / i,6:0.00} volumes/s inference alone"));
            }

            Console.WriteLine($"batched throughput, {Jobs} jobs of one model at once, {size}³: {string.Join("; ", line)}");
        }

        await TilesAsync(folder, rounds, ct);
    }

    /// <summary>One 128³ volume in 32³ tiles overlapping by 8 (125 tiles): its inference phase with tiles run one by one and four at a time.</summary>
    private static async Task TilesAsync(string folder, int rounds, CancellationToken ct)
    {
        var tiled = Descriptor.Replace("\"vipagent:model\": \"net.onnx\"", "\"vipagent:model\": \"net.onnx\", \"vipagent:tile\": 32, \"vipagent:overlap\": 8", StringComparison.Ordinal);
        var application = OnnxApplicationParser.Parse(tiled).Value!;
        var source = Path.Combine(folder, "in-128.nii.gz");
        var line = new List<string>();
        foreach (var maxBatch in new[] { 1, 4 })
        {
            await using var backend = new OnnxBackend(
                new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = maxBatch }, new ContentStore(Path.Combine(folder, "store")), TimeProvider.System);
            var inference = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var timing = await BenchmarkJobs.RunAsync(backend, BenchmarkJobs.Job($"tiles-{maxBatch}-{round}", folder, tiled, application, source, Path.Combine(folder, "net.onnx")), ct);
                if (round > 0)
                {
                    inference.Add(timing.InferenceMs);
                }
            }

            line.Add(string.Create(CultureInfo.InvariantCulture, $"{(maxBatch == 1 ? "one tile per Run" : $"{maxBatch} tiles per Run")}: inference {OnnxBenchmark.Median(inference),6:0.0} ms"));
        }

        Console.WriteLine($"tiled 128³ volume, 32³ tiles overlapping by 8 (125 tiles): {string.Join("; ", line)}");
    }
}
