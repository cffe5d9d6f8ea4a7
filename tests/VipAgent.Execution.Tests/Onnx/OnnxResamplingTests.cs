using VipAgent.Execution.Imaging;
using VipAgent.Execution.Onnx;

namespace VipAgent.Execution.Tests.Onnx;

public sealed class OnnxResamplingTests : IDisposable
{
    private const int Nx = 20, Ny = 18, Nz = 16;

    private readonly TempFolder _temp = new();
    private readonly OnnxJobs _jobs;

    public OnnxResamplingTests() => _jobs = new OnnxJobs(_temp);

    public void Dispose() => _temp.Dispose();

    /// <summary>2 mm voxels, with an offset affine a test can check was kept.</summary>
    private static NiftiHeader TwoMillimetres()
    {
        var header = NiftiHeader.Create(Nx, Ny, Nz, 2, 2, 2);
        header.SetAffine(new[,] { { -2f, 0, 0, 90 }, { 0, 2f, 0, -126 }, { 0, 0, 2f, -72 } });
        return header;
    }

    [Fact]
    public async Task A_2_mm_volume_run_by_a_1_mm_model_keeps_its_grid_and_affine_and_its_interior_mask_exactly()
    {
        var (voxels, sphere) = Volumes.SphereInNoise(Nx, Ny, Nz, 5.5, noise: 0.4f, seed: 4);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), bias: -0.5f));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("j", OnnxJobs.DescriptorWith(""", "vipagent:spacing": 1"""), model, TwoMillimetres(), voxels));

        status.State.ShouldBe(JobState.Completed, status.Reason);
        status.Reason!.ShouldContain("volume 32×36×40 (resampled from 16×18×20)");
        var mask = NiftiFile.Read(_temp.Combine("jobs/j/mask.nii.gz"));
        mask.Shape.ShouldBe((Nx, Ny, Nz));
        mask.Header.Affine.ShouldBe(TwoMillimetres().Affine);
        var interior = Enumerable.Range(0, sphere.Length).Where(i => !OnBoundary(sphere, i)).ToList();
        interior.Count.ShouldBeGreaterThan(sphere.Length / 2);
        interior.ShouldAllBe(i => mask.Voxels[i] == sphere[i]);
        var wrong = Enumerable.Range(0, sphere.Length).Count(i => mask.Voxels[i] != sphere[i]);
        wrong.ShouldBeLessThan(sphere.Count(v => v == 1) / 10); // and the rest, on the sphere's surface, mostly right
    }

    [Fact]
    public async Task Probabilities_come_back_to_the_input_grid_by_trilinear_interpolation()
    {
        // a ramp along x goes to 1 mm and back unchanged, away from the first and last columns (which are clamped)
        var ramp = Enumerable.Range(0, Nx * Ny * Nz).Select(i => (float)(i % Nx)).ToArray();
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), bias: 0, sigmoid: false));
        await using var backend = _jobs.Backend();

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job(
            "p", OnnxJobs.DescriptorWith(""", "vipagent:spacing": [1, 1, 1], "vipagent:outputs": {"mask": "probabilities"}"""), model, TwoMillimetres(), ramp,
            outputs: new Dictionary<string, string> { ["mask"] = "prob.nii.gz" }));

        status.State.ShouldBe(JobState.Completed, status.Reason);
        var probabilities = NiftiFile.Read(_temp.Combine("jobs/p/prob.nii.gz")).Voxels;
        probabilities.Length.ShouldBe(ramp.Length);
        Enumerable.Range(0, ramp.Length).Where(i => i % Nx is > 0 and < Nx - 1)
            .ShouldAllBe(i => Math.Abs(probabilities[i] - ramp[i]) < 1e-4);
        // the first column went to the 1 mm voxels at x = 0 (clamped) and 0.25 and came back as their mean: the model saw the 1 mm grid
        Enumerable.Range(0, ramp.Length).Where(i => i % Nx == 0).ShouldAllBe(i => Math.Abs(probabilities[i] - 0.125f) < 1e-5);
    }

    [Fact]
    public async Task Fails_clearly_when_the_resampled_volume_would_pass_the_memory_bound()
    {
        var (voxels, _) = Volumes.SphereInNoise(Nx, Ny, Nz, 5, 0.4f, seed: 4);
        var model = _jobs.SaveModel(OnnxModels.Convolution(OnnxModels.Identity3(), -0.5f));
        await using var backend = _jobs.Backend(new OnnxBackendOptions { Device = OnnxDevicePreference.Cpu, MaxVoxels = 20_000 });

        var status = await OnnxJobs.RunAsync(backend, _jobs.Job("big", OnnxJobs.DescriptorWith(""", "vipagent:spacing": 0.5"""), model, TwoMillimetres(), voxels));

        status.State.ShouldBe(JobState.Failed);
        status.Reason.ShouldBe("Input 'img' resampled to 0.5×0.5×0.5 mm would be 64×72×80 voxels, past the backend's limit of 20000; use a coarser custom.vipagent:spacing or raise VipAgent:Onnx:MaxVoxels.");
        File.Exists(_temp.Combine("jobs/big/mask.nii.gz")).ShouldBeFalse();
    }

    [Fact]
    public void Nearest_resampling_to_a_finer_grid_and_back_returns_the_labels()
    {
        var grid = new VolumeGrid(3, 4, 5);
        var labels = Enumerable.Range(0, 60).Select(i => (float)(i % 7)).ToArray();
        var fine = new VolumeGrid(6, 8, 10);

        VolumeResampling.Nearest(VolumeResampling.Nearest(labels, grid, fine), fine, grid).ShouldBe(labels);
        VolumeResampling.Grid(grid, (2, 2, 2), (1, 1, 1)).ShouldBe(fine);
    }

    /// <summary>Whether the voxel or one of its 6 neighbours lies on the other side of the sphere's surface.</summary>
    private static bool OnBoundary(float[] sphere, int i)
    {
        var (x, y, z) = (i % Nx, i / Nx % Ny, i / (Nx * Ny));
        (int X, int Y, int Z)[] neighbours = [(x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1)];
        return neighbours.Any(n => n.X >= 0 && n.X < Nx && n.Y >= 0 && n.Y < Ny && n.Z >= 0 && n.Z < Nz && sphere[(((n.Z * Ny) + n.Y) * Nx) + n.X] != sphere[i]);
    }
}
