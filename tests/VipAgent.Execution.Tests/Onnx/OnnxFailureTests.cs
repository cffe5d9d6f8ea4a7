using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxFailureTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxFailureTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    private async Task<JobStatus> FailAsync(JobSpec job)
    {
        await using var backend = _jobs.Backend();
        var status = await OnnxJobs.RunAsync(backend, job);
        status.State.ShouldBe(JobState.Failed);
        status.ExitCode.ShouldBe(1);
        File.ReadAllText(JobFiles.StandardError(job.WorkingDirectory)).ShouldContain(status.Reason!);
        File.ReadAllText(JobFiles.ExitCode(job.WorkingDirectory)).Trim().ShouldBe("1");
        File.Exists(Path.Combine(job.WorkingDirectory, "mask.nii.gz")).ShouldBeFalse();
        return status;
    }

    private JobSpec Job(byte[] model, string? sha = null)
    {
        var (voxels, _) = Volumes.SphereInNoise(8, 8, 8, 3, 0.2f, seed: 4);
        return _jobs.Job("bad", OnnxJobs.DescriptorWith(), _jobs.SaveModel(model), Volumes.Header(8, 8, 8), voxels, sha);
    }

    [Fact]
    public async Task Fails_cleanly_when_the_model_takes_integers_rather_than_a_float_volume() =>
        (await FailAsync(Job(OnnxModels.Convolution(OnnxModels.Identity3(), 0, elementType: 7)))).Reason!.ShouldContain("input 'image' is not a float tensor");

    [Fact]
    public async Task Fails_cleanly_when_the_model_input_is_not_a_volume() =>
        (await FailAsync(Job(OnnxModels.Convolution(OnnxModels.Identity3(), 0, rank: 4)))).Reason.ShouldNotBeNullOrEmpty();

    [Fact]
    public async Task Fails_naming_the_file_when_the_input_is_a_corrupt_nii_gz()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), 0));
        var folder = _temp.Combine("jobs", "bad");
        Directory.CreateDirectory(Path.Combine(folder, "inputs/img"));
        var gz = RawNifti.Gzip(new RawNifti().Bytes(new byte[96]));
        File.WriteAllBytes(Path.Combine(folder, "inputs/img/t1.nii.gz"), gz[..(gz.Length / 2)]);

        var status = await FailAsync(_jobs.JobWithInput("bad", OnnxJobs.DescriptorWith(), model, "inputs/img/t1.nii.gz"));

        status.Reason.ShouldStartWith("Input 'img': 't1.nii.gz'");
    }

    [Fact]
    public async Task Fails_saying_the_model_file_is_missing()
    {
        var job = Job(OnnxModels.Convolution(OnnxModels.Identity3(), 0));
        File.Delete(_temp.Combine("app/models/net.onnx"));

        (await FailAsync(job)).Reason.ShouldBe("The model file 'net.onnx' is missing; re-import the application with its model beside the descriptor.");
    }

    [Fact]
    public async Task Refuses_a_model_whose_bytes_changed_since_its_hash_was_recorded() =>
        (await FailAsync(Job(OnnxModels.Convolution(OnnxModels.Identity3(), 0), sha: new string('a', 64)))).Reason!.ShouldContain("changed since import");

    [Fact]
    public async Task Fails_an_input_larger_than_the_memory_bound_before_reading_its_voxels()
    {
        var job = Job(OnnxModels.Convolution(OnnxModels.Identity3(), 0));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxVoxels = 100 });

        var status = await OnnxJobs.RunAsync(backend, job);

        status.State.ShouldBe(JobState.Failed);
        status.Reason.ShouldBe("Input 'img': 'in.nii.gz' is 8×8×8 = 512 voxels, more than the 100 allowed; crop or downsample it, or raise the limit.");
    }

    [Fact]
    public async Task Fails_cleanly_on_a_file_that_is_not_an_onnx_model() =>
        (await FailAsync(Job("not a model"u8.ToArray()))).Reason.ShouldStartWith("ONNX Runtime cannot load the model 'net.onnx'");
}
