using System.Diagnostics;
using System.Text.Json.Nodes;
using VipAgent.Execution;
using VipAgent.Execution.Onnx;

namespace VipAgent.Benchmarks.Onnx;

/// <summary>ONNX jobs for the benchmarks: built as the host would, run to their end (awaited), timed from submission.</summary>
internal static class BenchmarkJobs
{
    /// <summary>A job's wall time from submission to its final status, and its phases as <c>.vip/onnx.json</c> records them.</summary>
    public sealed record Timing(double WallMs, double LoadMs, double PreprocessMs, double InferenceMs, double PostprocessMs, int Batch);

    public static JobSpec Job(string id, string folder, string json, OnnxApplication application, string source, string model)
    {
        var jobFolder = Path.Combine(folder, id);
        Directory.CreateDirectory(jobFolder);
        var outputs = application.Outputs.ToDictionary(o => o.OutputId, o => $"{o.OutputId}.nii.gz");
        var invocation = new JsonObject { [application.Inputs[0].Channels[0]] = source }.ToJsonString();
        return new JobSpec(id, jobFolder, JobCommand.FromArgv("onnx-infer")) { Onnx = OnnxJob.Create(json, invocation, outputs, model, null) };
    }

    public static async Task<Timing> RunAsync(OnnxBackend backend, JobSpec job, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var handle = (await backend.SubmitAsync([job], ct))[0];
        var status = await backend.WaitAsync(handle, ct);
        var wall = clock.Elapsed.TotalMilliseconds;
        return Read(job, status, wall);
    }

    /// <summary>Submits the jobs at once and waits for all; the wall time is the whole set's.</summary>
    public static async Task<(double WallMs, IReadOnlyList<Timing> Jobs)> RunAllAsync(OnnxBackend backend, IReadOnlyList<JobSpec> jobs, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var handles = await backend.SubmitAsync(jobs, ct);
        var statuses = await Task.WhenAll(handles.Select(h => backend.WaitAsync(h, ct)));
        var wall = clock.Elapsed.TotalMilliseconds;
        return (wall, [.. jobs.Zip(statuses, (job, status) => Read(job, status, wall))]);
    }

    public static float[] Sphere(int size)
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

    private static Timing Read(JobSpec job, JobStatus status, double wallMs)
    {
        if (status.State != JobState.Completed)
        {
            throw new InvalidOperationException($"{job.JobId} {status.State}: {status.Reason}");
        }

        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(job.WorkingDirectory, ".vip", "onnx.json")))!;
        return new Timing(
            wallMs, (double)report["loadMs"]!, (double)report["preprocessMs"]!, (double)report["inferenceMs"]!, (double)report["postprocessMs"]!, (int)report["batch"]!);
    }
}
