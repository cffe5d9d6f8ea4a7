using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxBatchCancellationTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxBatchCancellationTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_cancelled_while_queued_is_left_out_and_the_rest_of_its_batch_runs()
    {
        var slow = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f), "slow.onnx");
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var (big, _) = Volumes.SphereInNoise(96, 96, 96, 30, 0.3f, seed: 3);
        var (voxels, sphere) = Volumes.SphereInNoise(12, 12, 12, 4, 0.4f, 1);
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxConcurrency = 1, MaxBatch = OnnxBackendOptions.CudaBatch });

        var first = (await backend.SubmitAsync([_jobs.Job("first", OnnxJobs.DescriptorWith(""", "vipagent:tile": 16, "vipagent:overlap": 2"""), slow, Volumes.Header(96, 96, 96), big)], Ct))[0];
        var handles = await backend.SubmitAsync([.. new[] { "a", "b", "c" }.Select(id => _jobs.Job(id, OnnxJobs.DescriptorWith(), model, Volumes.Header(12, 12, 12), voxels))], Ct);
        (await backend.PollAsync([handles[1]], Ct))[0].State.ShouldBe(JobState.Queued, "the first job holds the only slot");
        await backend.CancelAsync([handles[1]], Ct);
        var statuses = await Jobs.WaitAsync(backend, [first, .. handles], TimeSpan.FromSeconds(60));

        statuses[0].State.ShouldBe(JobState.Completed, statuses[0].Reason);
        statuses[2].State.ShouldBe(JobState.Cancelled);
        statuses[2].Reason.ShouldBe("cancelled before it started");
        File.Exists(_temp.Combine("jobs/b/mask.nii.gz")).ShouldBeFalse();
        foreach (var (status, id) in new[] { (statuses[1], "a"), (statuses[3], "c") })
        {
            status.State.ShouldBe(JobState.Completed, status.Reason);
            status.Reason.ShouldEndWith("; batch 2");
            NiftiFile.Read(_temp.Combine($"jobs/{id}/mask.nii.gz")).Voxels.ShouldBe(sphere);
        }
    }

    [Fact]
    public async Task Cancelling_one_job_of_a_running_batch_lets_the_batch_finish_for_the_others()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, symbolicBatch: true));
        var (voxels, sphere) = Volumes.SphereInNoise(96, 96, 96, 30, 0.3f, seed: 3);
        await using var backend = _jobs.Backend();
        var tiled = OnnxJobs.DescriptorWith(""", "vipagent:tile": 10, "vipagent:overlap": 2""");

        var handles = await backend.SubmitAsync([.. new[] { "kept", "dropped" }.Select(id => _jobs.Job(id, tiled, model, Volumes.Header(96, 96, 96), voxels))], Ct);
        await WaitUntilBothRunAsync(backend, handles);
        await backend.CancelAsync([handles[1]], Ct);
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(60));

        statuses[1].State.ShouldBe(JobState.Cancelled);
        statuses[1].Reason.ShouldBe("cancelled on request after inference; the batch of 2 it shared ran to its end; its outputs were not written");
        File.Exists(_temp.Combine("jobs/dropped/mask.nii.gz")).ShouldBeFalse();
        statuses[0].State.ShouldBe(JobState.Completed, statuses[0].Reason);
        statuses[0].Reason.ShouldEndWith("; batch 2");
        NiftiFile.Read(_temp.Combine("jobs/kept/mask.nii.gz")).Voxels.ShouldBe(sphere);
    }

    [Fact]
    public async Task Cancelling_every_job_of_a_running_batch_stops_its_inference()
    {
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f, symbolicBatch: true));
        var (voxels, _) = Volumes.SphereInNoise(128, 128, 128, 40, 0.3f, seed: 3);
        await using var backend = _jobs.Backend();
        var tiled = OnnxJobs.DescriptorWith(""", "vipagent:tile": 8, "vipagent:overlap": 2""");

        var handles = await backend.SubmitAsync([.. new[] { "a", "b" }.Select(id => _jobs.Job(id, tiled, model, Volumes.Header(128, 128, 128), voxels))], Ct);
        await WaitUntilBothRunAsync(backend, handles);
        await backend.CancelAsync(handles, Ct);
        var statuses = await backend.PollAsync(handles, Ct);

        statuses.ShouldAllBe(s => s.State == JobState.Cancelled && s.Reason == "cancelled on request; inference was stopped");
        File.Exists(_temp.Combine("jobs/a/mask.nii.gz")).ShouldBeFalse();
    }

    /// <summary>Both Running: the second job's preparation has started, so both are in the batch.</summary>
    private static async Task WaitUntilBothRunAsync(OnnxBackend backend, IReadOnlyList<SubmittedJob> handles)
    {
        var statuses = await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(30), untilRunning: true);
        statuses.ShouldAllBe(s => s.State == JobState.Running);
    }
}
