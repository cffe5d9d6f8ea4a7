using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxTilingTests : IDisposable
{
    private static readonly Dictionary<string, string> ProbabilitiesOnly = new() { ["mask"] = "prob.nii.gz" };

    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxTilingTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(40, 16, 4)]
    [InlineData(17, 16, 2)]
    [InlineData(100, 32, 8)]
    [InlineData(16, 16, 4)]
    public void Tiles_of_one_axis_cover_it_once_each_voxel_at_least_half_the_overlap_from_its_tile_edge(int length, int window, int overlap)
    {
        var tiles = OnnxTiling.Axis(length, window, overlap);

        tiles[0].KeepStart.ShouldBe(0);
        tiles[^1].KeepEnd.ShouldBe(length);
        for (var i = 0; i < tiles.Count; i++)
        {
            var tile = tiles[i];
            (tile.Start + window).ShouldBeLessThanOrEqualTo(length);
            if (i > 0)
            {
                tile.KeepStart.ShouldBe(tiles[i - 1].KeepEnd);
                (tile.KeepStart - tile.Start).ShouldBeGreaterThanOrEqualTo(overlap / 2);
            }

            if (i < tiles.Count - 1)
            {
                (tile.Start + window - tile.KeepEnd).ShouldBeGreaterThanOrEqualTo(overlap / 2);
            }
        }
    }

    [Fact]
    public async Task A_volume_larger_than_the_tile_gives_the_whole_volume_result_of_the_same_convolution()
    {
        var random = new Random(11);
        var voxels = Enumerable.Range(0, 41 * 37 * 29).Select(_ => (float)random.NextDouble()).ToArray();
        var header = Volumes.Header(41, 37, 29);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f));
        await using var backend = _jobs.Backend();
        const string Probabilities = """, "vipagent:outputs": {"mask": "probabilities"}""";

        var whole = await OnnxJobs.RunAsync(backend, _jobs.Job("whole", OnnxJobs.DescriptorWith(Probabilities), model, header, voxels, outputs: ProbabilitiesOnly));
        var tiled = await OnnxJobs.RunAsync(backend, _jobs.Job(
            "tiled", OnnxJobs.DescriptorWith(Probabilities + """, "vipagent:tile": [12, 16, 10], "vipagent:overlap": 2"""), model, header, voxels, outputs: ProbabilitiesOnly));

        whole.State.ShouldBe(JobState.Completed, whole.Reason);
        tiled.State.ShouldBe(JobState.Completed, tiled.Reason);
        var expected = NiftiFile.Read(_temp.Combine("jobs/whole/prob.nii.gz")).Voxels;
        var actual = NiftiFile.Read(_temp.Combine("jobs/tiled/prob.nii.gz")).Voxels;
        actual.Length.ShouldBe(expected.Length);
        actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)).ShouldBeLessThan(1e-6f);
        expected.Distinct().Count().ShouldBeGreaterThan(1000); // a real, varied output, not a constant
    }

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    public async Task Tiles_of_a_model_with_a_symbolic_batch_run_several_at_once_and_give_the_whole_volume_result(int maxBatch)
    {
        // 3 × 3 × 5 = 45 tiles: 4 or 7 per run leaves a last, smaller run
        var random = new Random(12);
        var voxels = Enumerable.Range(0, 41 * 37 * 29).Select(_ => (float)random.NextDouble()).ToArray();
        var header = Volumes.Header(41, 37, 29);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Mean3(), -0.5f, symbolicBatch: true));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxBatch = maxBatch });
        const string Probabilities = """, "vipagent:outputs": {"mask": "probabilities"}""";

        var whole = await OnnxJobs.RunAsync(backend, _jobs.Job("whole", OnnxJobs.DescriptorWith(Probabilities), model, header, voxels, outputs: ProbabilitiesOnly));
        var tiled = await OnnxJobs.RunAsync(backend, _jobs.Job(
            "tiled", OnnxJobs.DescriptorWith(Probabilities + """, "vipagent:tile": [12, 16, 10], "vipagent:overlap": 2"""), model, header, voxels, outputs: ProbabilitiesOnly));

        whole.State.ShouldBe(JobState.Completed, whole.Reason);
        tiled.State.ShouldBe(JobState.Completed, tiled.Reason);
        var expected = NiftiFile.Read(_temp.Combine("jobs/whole/prob.nii.gz")).Voxels;
        var actual = NiftiFile.Read(_temp.Combine("jobs/tiled/prob.nii.gz")).Voxels;
        actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)).ShouldBeLessThan(1e-6f);
        expected.Distinct().Count().ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task A_model_with_a_fixed_window_runs_on_a_smaller_volume_padded_and_on_a_larger_one_tiled()
    {
        var (voxels, sphere) = Volumes.SphereInNoise(21, 9, 13, 4, 0.4f, seed: 5);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, window: [12, 12, 12]));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("fixed", OnnxJobs.DescriptorWith(), model, Volumes.Header(21, 9, 13), voxels));

        status.State.ShouldBe(JobState.Completed, status.Reason);
        NiftiFile.Read(_temp.Combine("jobs/fixed/mask.nii.gz")).Voxels.ShouldBe(sphere);
    }

    [Fact]
    public async Task Refuses_a_tile_that_contradicts_the_model_fixed_window()
    {
        var (voxels, _) = Volumes.SphereInNoise(8, 8, 8, 3, 0.4f, seed: 5);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f, window: [12, 12, 12]));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("x", OnnxJobs.DescriptorWith(""", "vipagent:tile": 16"""), model, Volumes.Header(8, 8, 8), voxels));

        status.State.ShouldBe(JobState.Failed);
        status.Reason.ShouldBe("custom.vipagent:tile (16, 16, 16) differs from the model's fixed window 12×12×12; remove it or match it.");
    }
}
