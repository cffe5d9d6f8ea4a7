using System.Text.Json;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// What an ONNX job leaves in its folder, like every backend's jobs: <c>.vip/stdout.log</c>, <c>.vip/stderr.log</c>,
/// <c>.vip/exit-code</c>, plus <c>.vip/onnx.json</c> (device, model SHA-256, batch size, phase times in ms).
/// </summary>
internal static class OnnxJobFolder
{
    /// <summary>Empties the logs and removes a previous exit code before the job runs.</summary>
    public static void Start(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, JobFiles.Folder));
        File.Delete(JobFiles.ExitCode(folder));
        File.WriteAllText(JobFiles.StandardOutput(folder), "");
        File.WriteAllText(JobFiles.StandardError(folder), "");
    }

    public static void Succeed(string folder, OnnxJob onnx, OnnxRunReport report)
    {
        File.WriteAllText(JobFiles.StandardOutput(folder), $"onnx: {report}\n");
        var json = JsonSerializer.Serialize(new
        {
            device = report.Device,
            sessionCached = report.CachedSession,
            modelSha256 = onnx.ModelSha256,
            volume = report.Grid.ToString(),
            resampledFrom = report.ResampledFrom?.ToString(),
            batch = report.Batch,
            loadMs = report.Load.TotalMilliseconds,
            preprocessMs = report.Preprocess.TotalMilliseconds,
            inferenceMs = report.Inference.TotalMilliseconds,
            postprocessMs = report.Postprocess.TotalMilliseconds,
        });
        File.WriteAllText(Path.Combine(folder, JobFiles.Folder, "onnx.json"), json + "\n");
        File.WriteAllText(JobFiles.ExitCode(folder), "0\n");
    }

    /// <summary>Appends the reason to stderr and writes exit code 1, as far as the folder allows.</summary>
    public static void TryFail(string folder, string reason)
    {
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, JobFiles.Folder));
            File.AppendAllText(JobFiles.StandardError(folder), reason + "\n");
            File.WriteAllText(JobFiles.ExitCode(folder), "1\n");
        }
        catch (IOException)
        {
            // the status still carries the reason
        }
        catch (UnauthorizedAccessException)
        {
            // the status still carries the reason
        }
    }
}
