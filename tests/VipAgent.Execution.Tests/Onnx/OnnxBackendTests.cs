using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxBackendTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxBackendTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Segments_a_sphere_in_noise_exactly_and_keeps_the_input_affine_on_the_output()
    {
        var (voxels, sphere) = Volumes.SphereInNoise(30, 26, 22, 8, noise: 0.4f, seed: 7);
        var header = Volumes.Header(30, 26, 22);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), bias: -0.5f));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("j1", OnnxJobs.DescriptorWith(), model, header, voxels));

        status.State.ShouldBe(JobState.Completed, status.Reason);
        var mask = NiftiFile.Read(_temp.Combine("jobs/j1/mask.nii.gz"));
        mask.Voxels.ShouldBe(sphere);
        mask.Header.DataType.ShouldBe(NiftiDataType.UInt8);
        mask.Header.Affine.ShouldBe(header.Affine);
        var masked = NiftiFile.Read(_temp.Combine("jobs/j1/masked.nii.gz"));
        masked.Voxels.ShouldBe(voxels.Select((v, i) => sphere[i] == 1 ? v : 0).ToArray());
        File.ReadAllText(JobFiles.ExitCode(_temp.Combine("jobs/j1"))).Trim().ShouldBe("0");
        File.ReadAllText(JobFiles.StandardOutput(_temp.Combine("jobs/j1"))).ShouldContain("device CPU");
        File.ReadAllText(_temp.Combine("jobs/j1/.vip/onnx.json")).ShouldContain("\"inferenceMs\"");
    }

    [Fact]
    public async Task The_masked_input_keeps_the_original_intensities_when_the_model_is_fed_normalised_ones()
    {
        var (voxels, sphere) = Volumes.SphereInNoise(16, 14, 12, 4, noise: 0.4f, seed: 9);
        var scaled = voxels.Select(v => (v * 300) + 50).ToArray(); // min-max brings it back to about [0, 1]
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), bias: -0.5f));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("n", OnnxJobs.DescriptorWith(""", "vipagent:normalisation": "min-max" """), model, Volumes.Header(16, 14, 12), scaled));

        status.State.ShouldBe(JobState.Completed, status.Reason);
        NiftiFile.Read(_temp.Combine("jobs/n/mask.nii.gz")).Voxels.ShouldBe(sphere);
        NiftiFile.Read(_temp.Combine("jobs/n/masked.nii.gz")).Voxels.ShouldBe(scaled.Select((v, i) => sphere[i] == 1 ? v : 0).ToArray());
    }

    [Fact]
    public async Task Reports_the_device_and_the_time_of_each_phase_and_reuses_the_session_for_the_next_job()
    {
        var (voxels, _) = Volumes.SphereInNoise(12, 12, 12, 4, 0.2f, seed: 1);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f));
        await using var backend = _jobs.Backend();

        var first = await OnnxJobs.RunAsync(backend, _jobs.Job("a", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), voxels));
        var second = await OnnxJobs.RunAsync(backend, _jobs.Job("b", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), voxels));

        first.Reason.ShouldStartWith("device CPU; session loaded; volume 12×12×12; load ");
        first.Reason!.ShouldContain("pre-process");
        first.Reason.ShouldContain("inference");
        first.Reason.ShouldContain("post-process");
        second.Reason!.ShouldContain("session cached");
    }

    [Fact]
    public async Task Consecutive_jobs_of_one_model_each_get_their_own_result_though_output_buffers_are_reused()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f));
        await using var backend = _jobs.Backend();
        var cases = new[] { (Radius: 7.0, Extra: ""), (Radius: 3.0, Extra: ""), (Radius: 5.0, Extra: """, "vipagent:tile": 8, "vipagent:overlap": 2"""), (Radius: 2.0, Extra: "") };

        for (var i = 0; i < cases.Length; i++)
        {
            var (voxels, sphere) = Volumes.SphereInNoise(18, 16, 14, cases[i].Radius, 0.4f, seed: i);
            var status = await OnnxJobs.RunAsync(backend, _jobs.Job($"c{i}", OnnxJobs.DescriptorWith(cases[i].Extra), model, Volumes.Header(18, 16, 14), voxels));

            status.State.ShouldBe(JobState.Completed, status.Reason);
            NiftiFile.Read(_temp.Combine($"jobs/c{i}/mask.nii.gz")).Voxels.ShouldBe(sphere, $"job {i}");
        }
    }

    [Fact]
    public async Task Asked_for_cuda_on_a_machine_without_it_runs_on_the_cpu_and_says_why_once()
    {
        Assert.SkipWhen(File.Exists("/dev/nvidia0"), "a GPU is present here: CUDA may load, so the fallback cannot be observed");
        var said = new List<string>();
        var (voxels, sphere) = Volumes.SphereInNoise(10, 10, 10, 3, 0.3f, seed: 2);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cuda, Log = said.Add });

        var first = await OnnxJobs.RunAsync(backend, _jobs.Job("a", OnnxJobs.DescriptorWith(), model, Volumes.Header(10, 10, 10), voxels));
        var second = await OnnxJobs.RunAsync(backend, _jobs.Job("b", OnnxJobs.DescriptorWith(), model, Volumes.Header(10, 10, 10), voxels));

        first.State.ShouldBe(JobState.Completed, first.Reason);
        first.Reason.ShouldStartWith("device CPU (CUDA unavailable: ");
        second.Reason.ShouldStartWith("device CPU (CUDA unavailable: ");
        said.ShouldHaveSingleItem().ShouldStartWith("onnx backend: running on the CPU; CUDA unavailable");
        NiftiFile.Read(_temp.Combine("jobs/a/mask.nii.gz")).Voxels.ShouldBe(sphere);
    }

    [Fact]
    public async Task Runs_on_cuda_when_a_gpu_is_usable()
    {
        Assert.SkipUnless(File.Exists("/dev/nvidia0"), "no GPU on this machine (/dev/nvidia0 absent): the CUDA path is checked where one is lent");
        var (voxels, sphere) = Volumes.SphereInNoise(20, 20, 20, 6, 0.3f, seed: 2);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cuda });

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("gpu", OnnxJobs.DescriptorWith(), model, Volumes.Header(20, 20, 20), voxels));

        status.Reason.ShouldStartWith("device CUDA:0;");
        NiftiFile.Read(_temp.Combine("jobs/gpu/mask.nii.gz")).Voxels.ShouldBe(sphere);
    }

    [Fact]
    public async Task Refuses_to_take_a_job_that_is_not_an_onnx_job()
    {
        await using var backend = _jobs.Backend();
        var plain = new JobSpec("x", _temp.Combine("jobs/x"), JobCommand.FromArgv("true"));

        var error = await Should.ThrowAsync<ArgumentException>(() => backend.SubmitAsync([plain], TestContext.Current.CancellationToken));

        error.Message.ShouldContain("not an ONNX job");
    }

    [Fact]
    public async Task Cancels_a_running_job_between_tiles_leaving_no_output()
    {
        var (voxels, _) = Volumes.SphereInNoise(128, 128, 128, 40, 0.3f, seed: 3);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f));
        await using var backend = _jobs.Backend();
        var job = _jobs.Job("slow", OnnxJobs.DescriptorWith(""", "vipagent:tile": 8, "vipagent:overlap": 2"""), model, Volumes.Header(128, 128, 128), voxels);

        var handle = (await backend.SubmitAsync([job], TestContext.Current.CancellationToken)).Single();
        (await Jobs.WaitAsync(backend, [handle], TimeSpan.FromSeconds(30), untilRunning: true))[0].State.ShouldBe(JobState.Running);
        await backend.CancelAsync([handle], TestContext.Current.CancellationToken);
        var status = (await backend.PollAsync([handle], TestContext.Current.CancellationToken))[0];

        status.State.ShouldBe(JobState.Cancelled, status.Reason);
        status.Reason.ShouldBe("cancelled on request; inference was stopped");
        File.Exists(_temp.Combine("jobs/slow/mask.nii.gz")).ShouldBeFalse();
    }

    [Fact]
    public async Task Cancels_a_job_still_waiting_for_its_turn()
    {
        var (voxels, _) = Volumes.SphereInNoise(96, 96, 96, 30, 0.3f, seed: 3);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxConcurrency = 1 });
        var jobs = new[] { "a", "b" }.Select(id => _jobs.Job(id, OnnxJobs.DescriptorWith(), model, Volumes.Header(96, 96, 96), voxels)).ToList();

        var handles = await backend.SubmitAsync(jobs, TestContext.Current.CancellationToken);
        await backend.CancelAsync([handles[1]], TestContext.Current.CancellationToken);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        statuses[0].State.ShouldBe(JobState.Completed, statuses[0].Reason);
        statuses[1].State.ShouldBe(JobState.Cancelled);
        File.Exists(_temp.Combine("jobs/b/mask.nii.gz")).ShouldBeFalse();
    }
}
