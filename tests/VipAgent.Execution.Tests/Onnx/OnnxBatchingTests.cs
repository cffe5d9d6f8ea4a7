using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxBatchingTests : IDisposable
{
    private const string Probabilities = """, "vipagent:outputs": {"mask": "probabilities", "brain": "mask"}""";
    private static readonly Dictionary<string, string> BothOutputs = new() { ["mask"] = "prob.nii.gz", ["brain"] = "mask.nii.gz" };

    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxBatchingTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("")]
    [InlineData(""", "vipagent:tile": [10, 12, 9], "vipagent:overlap": 2""")]
    public async Task Jobs_of_one_model_submitted_together_share_one_inference_and_give_the_outputs_of_jobs_run_one_at_a_time(string tiling)
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f, symbolicBatch: true));
        var descriptor = OnnxJobs.DescriptorWith(Probabilities + tiling);
        var header = Volumes.Header(23, 19, 17);
        var volumes = new[] { 1, 2, 3 }.Select(seed => Volumes.SphereInNoise(23, 19, 17, 5 + seed, 0.6f, seed).Voxels).ToList();
        await using var alone = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = 1 });
        await using var batching = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = 4 });

        var one = new List<JobStatus>();
        for (var i = 0; i < 3; i++)
        {
            one.Add(await OnnxJobs.RunAsync(alone, _jobs.Job($"one{i}", descriptor, model, header, volumes[i], outputs: BothOutputs)));
        }

        var handles = await batching.SubmitAsync([.. volumes.Select((v, i) => _jobs.Job($"batch{i}", descriptor, model, header, v, outputs: BothOutputs))], Ct);
        var batched = await Jobs.WaitAsync(batching, handles, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 3; i++)
        {
            one[i].State.ShouldBe(JobState.Completed, one[i].Reason);
            one[i].Reason!.ShouldNotContain("batch");
            batched[i].State.ShouldBe(JobState.Completed, batched[i].Reason);
            batched[i].Reason.ShouldEndWith("; batch 3");
            var expected = NiftiFile.Read(_temp.Combine($"jobs/one{i}/prob.nii.gz")).Voxels;
            NiftiFile.Read(_temp.Combine($"jobs/batch{i}/prob.nii.gz")).Voxels.ShouldBe(expected);
            NiftiFile.Read(_temp.Combine($"jobs/batch{i}/mask.nii.gz")).Voxels.ShouldBe(NiftiFile.Read(_temp.Combine($"jobs/one{i}/mask.nii.gz")).Voxels);
            File.ReadAllText(_temp.Combine($"jobs/batch{i}/.vip/onnx.json")).ShouldContain("\"batch\":3");
        }

        // three different volumes, three different results: no job got another's output
        NiftiFile.Read(_temp.Combine("jobs/batch0/prob.nii.gz")).Voxels.ShouldNotBe(NiftiFile.Read(_temp.Combine("jobs/batch1/prob.nii.gz")).Voxels);
        NiftiFile.Read(_temp.Combine("jobs/batch1/prob.nii.gz")).Voxels.ShouldNotBe(NiftiFile.Read(_temp.Combine("jobs/batch2/prob.nii.gz")).Voxels);
    }

    [Fact]
    public async Task By_default_jobs_on_the_cpu_are_not_batched_and_cuda_takes_four()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var spheres = new[] { 1, 2 }.Select(seed => Volumes.SphereInNoise(12, 12, 12, 3 + seed, 0.4f, seed)).ToList();
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu });

        var handles = await backend.SubmitAsync([.. spheres.Select((s, i) => _jobs.Job($"d{i}", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), s.Voxels))], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 2; i++)
        {
            statuses[i].State.ShouldBe(JobState.Completed, statuses[i].Reason);
            statuses[i].Reason!.ShouldNotContain("batch");
            NiftiFile.Read(_temp.Combine($"jobs/d{i}/mask.nii.gz")).Voxels.ShouldBe(spheres[i].Sphere);
        }

        new OnnxBackendOptions().BatchOn("CUDA:0").ShouldBe(4);
        new OnnxBackendOptions().BatchOn("CPU").ShouldBe(1);
        new OnnxBackendOptions { MaxBatch = 3 }.BatchOn("CPU").ShouldBe(3);
    }

    [Fact]
    public async Task A_model_with_a_fixed_batch_of_one_runs_jobs_submitted_together_one_by_one()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: false));
        var spheres = new[] { 1, 2 }.Select(seed => Volumes.SphereInNoise(14, 14, 14, 3 + seed, 0.4f, seed)).ToList();
        await using var backend = _jobs.Backend();

        var handles = await backend.SubmitAsync([.. spheres.Select((s, i) => _jobs.Job($"j{i}", OnnxJobs.DescriptorWith(), model, Volumes.Header(14, 14, 14), s.Voxels))], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 2; i++)
        {
            statuses[i].State.ShouldBe(JobState.Completed, statuses[i].Reason);
            statuses[i].Reason!.ShouldNotContain("batch");
            NiftiFile.Read(_temp.Combine($"jobs/j{i}/mask.nii.gz")).Voxels.ShouldBe(spheres[i].Sphere);
        }
    }

    [Fact]
    public async Task Volumes_of_different_sizes_are_not_batched_together()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var small = Volumes.SphereInNoise(12, 12, 12, 4, 0.4f, 1);
        var large = Volumes.SphereInNoise(16, 12, 12, 4, 0.4f, 2);
        await using var backend = _jobs.Backend();

        var handles = await backend.SubmitAsync(
        [
            _jobs.Job("small", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), small.Voxels),
            _jobs.Job("large", OnnxJobs.DescriptorWith(), model, Volumes.Header(16, 12, 12), large.Voxels),
            _jobs.Job("small2", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), small.Voxels),
        ], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        statuses.Select(s => s.State).ShouldAllBe(s => s == JobState.Completed);
        statuses[0].Reason.ShouldEndWith("; batch 2");
        statuses[1].Reason!.ShouldNotContain("batch");
        statuses[2].Reason.ShouldEndWith("; batch 2");
        NiftiFile.Read(_temp.Combine("jobs/large/mask.nii.gz")).Voxels.ShouldBe(large.Sphere);
        NiftiFile.Read(_temp.Combine("jobs/small2/mask.nii.gz")).Voxels.ShouldBe(small.Sphere);
    }

    [Fact]
    public async Task The_memory_bound_splits_a_batch_that_would_build_too_large_a_tensor()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var (voxels, sphere) = Volumes.SphereInNoise(10, 10, 10, 3, 0.4f, 1);
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = 8, MaxVoxels = 2 * 1000 });

        var handles = await backend.SubmitAsync([.. Enumerable.Range(0, 3).Select(i => _jobs.Job($"j{i}", OnnxJobs.DescriptorWith(), model, Volumes.Header(10, 10, 10), voxels))], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        statuses.Select(s => s.State).ShouldAllBe(s => s == JobState.Completed);
        statuses[0].Reason.ShouldEndWith("; batch 2");
        statuses[1].Reason.ShouldEndWith("; batch 2");
        statuses[2].Reason!.ShouldNotContain("batch");
        NiftiFile.Read(_temp.Combine("jobs/j2/mask.nii.gz")).Voxels.ShouldBe(sphere);
    }

    [Fact]
    public async Task A_bad_input_in_one_job_fails_only_that_job_and_the_others_share_their_inference()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var (voxels, sphere) = Volumes.SphereInNoise(12, 12, 12, 4, 0.4f, 1);
        var corrupt = _temp.Combine("jobs/bad/inputs/img/in.nii.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(corrupt)!);
        File.WriteAllBytes(corrupt, [0x1f, 0x8b, 8, 0, 1, 2, 3]);
        await using var backend = _jobs.Backend();

        var handles = await backend.SubmitAsync(
        [
            _jobs.Job("a", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), voxels),
            _jobs.JobWithInput("bad", OnnxJobs.DescriptorWith(), model, "inputs/img/in.nii.gz"),
            _jobs.Job("b", OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), voxels),
        ], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        statuses[1].State.ShouldBe(JobState.Failed);
        statuses[1].Reason.ShouldStartWith("Input 'img': ");
        File.ReadAllText(JobFiles.ExitCode(_temp.Combine("jobs/bad"))).Trim().ShouldBe("1");
        foreach (var (status, id) in new[] { (statuses[0], "a"), (statuses[2], "b") })
        {
            status.State.ShouldBe(JobState.Completed, status.Reason);
            status.Reason.ShouldEndWith("; batch 2");
            NiftiFile.Read(_temp.Combine($"jobs/{id}/mask.nii.gz")).Voxels.ShouldBe(sphere);
        }
    }
}
