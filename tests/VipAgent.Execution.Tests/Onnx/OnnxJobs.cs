using System.Text.Json.Nodes;
using VipAgent.Execution.Files;
using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

/// <summary>Builds ONNX jobs as the host would: a descriptor, a model beside it, an input staged in the job's folder.</summary>
internal sealed class OnnxJobs(TempFolder temp)
{
    public const string Descriptor = """
        {
          "name": "Seg", "tool-version": "1.0", "schema-version": "0.5", "description": "test", "command-line": "onnx-infer [IMG] [MASK]",
          "custom": {"vipagent:runtime": "onnx", "vipagent:model": "models/net.onnx" EXTRA},
          "inputs": [{"id": "img", "name": "Image", "type": "File", "value-key": "[IMG]"}],
          "output-files": [
            {"id": "mask", "name": "Mask", "path-template": "mask.nii.gz", "value-key": "[MASK]"},
            {"id": "brain", "name": "Masked", "path-template": "masked.nii.gz", "optional": true}
          ]
        }
        """;

    public static string DescriptorWith(string extra = "") => Descriptor.Replace(" EXTRA", extra, StringComparison.Ordinal);

    public OnnxBackend Backend(OnnxBackendOptions? options = null) =>
        new(options ?? new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = OnnxBackendOptions.CudaBatch }, new ContentStore(temp.Combine("store")), TimeProvider.System);

    public string SaveModel(byte[] model, string name = "net.onnx")
    {
        var path = temp.Combine("app", "models", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, model);
        return path;
    }

    /// <summary>A job whose folder holds <paramref name="voxels"/> as <c>inputs/img/in.nii.gz</c>.</summary>
    public JobSpec Job(string id, string descriptor, string modelPath, NiftiHeader header, float[] voxels, string? sha = null, IReadOnlyDictionary<string, string>? outputs = null)
    {
        var folder = temp.Combine("jobs", id);
        NiftiFile.Write(Path.Combine(folder, "inputs/img/in.nii.gz"), header, voxels, NiftiDataType.Float32);
        return JobWithInput(id, descriptor, modelPath, "inputs/img/in.nii.gz", sha, outputs);
    }

    public JobSpec JobWithInput(string id, string descriptor, string modelPath, string input, string? sha = null, IReadOnlyDictionary<string, string>? outputs = null)
    {
        var folder = temp.Combine("jobs", id);
        Directory.CreateDirectory(folder);
        outputs ??= new Dictionary<string, string> { ["mask"] = "mask.nii.gz", ["brain"] = "masked.nii.gz" };
        var invocation = new JsonObject { ["img"] = input }.ToJsonString();
        return new JobSpec(id, folder, JobCommand.FromArgv("onnx-infer"))
        {
            ExpectedOutputs = [.. outputs.Values],
            Onnx = OnnxJob.Create(descriptor, invocation, outputs, modelPath, sha),
        };
    }

    public static async Task<JobStatus> RunAsync(OnnxBackend backend, JobSpec job)
    {
        var handle = (await backend.SubmitAsync([job], TestContext.Current.CancellationToken)).Single();
        return await Jobs.WaitAsync(backend, handle, TimeSpan.FromSeconds(60));
    }
}
