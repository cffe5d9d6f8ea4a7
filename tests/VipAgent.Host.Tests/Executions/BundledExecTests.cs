using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Executions;

/// <summary>
/// The bundled applications run for real through `vip exec`: MRtrix3 on a synthetic NIfTI volume (local backend
/// and the test Slurm), dcm2niix on a synthetic DICOM series; their outputs are read back and checked against
/// values computed here. Skipped, with the package to install, when a program is absent.
/// </summary>
public sealed class BundledExecTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Width = 6;
    private const int Height = 5;
    private const int Depth = 4;
    private const double Threshold = 8;

    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-bundled-exec-").FullName;
    private string _connection = "";
    private string _volume = "";

    public async ValueTask InitializeAsync()
    {
        _connection = await postgres.CreateDatabaseAsync(nameof(BundledExecTests));
        _volume = Path.Combine(_folder, "phantom.nii");
        SyntheticVolume.Create(Width, Height, Depth, Pattern).WriteNifti(_volume);
    }

    [Fact]
    public async Task The_synthetic_volume_reads_in_mrinfo_as_float32_with_1mm_voxels_in_scanner_space()
    {
        RequireMrtrix();
        var start = new ProcessStartInfo("mrinfo", ["-size", "-spacing", "-datatype", "-transform", _volume]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var mrinfo = Process.Start(start)!;
        mrinfo.StandardInput.Close();
        var output = await mrinfo.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await mrinfo.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await mrinfo.WaitForExitAsync(TestContext.Current.CancellationToken);

        mrinfo.ExitCode.ShouldBe(0, errors);
        errors.ShouldBeEmpty(); // mrinfo warns about inconsistent qform/sform or odd headers
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        lines.ShouldBe(["6 5 4", "1 1 1", "Float32LE", "1 0 0 0", "0 1 0 0", "0 0 1 0", "0 0 0 1"]);
    }

    [Fact]
    public async Task Mrthreshold_writes_the_mask_of_voxels_at_or_above_the_threshold_and_the_audit_verifies()
    {
        RequireMrtrix();
        var invocation = WriteInvocation(new { input = _volume, output_name = "mask.nii", absolute = Threshold });

        var (id, mask) = await RunAndFetchAsync("mrthreshold", invocation, "mask.nii", "local");
        var verify = await VipAsync("audit", "verify", id);

        AssertMaskMatchesPattern(SyntheticVolume.ReadNifti(mask));
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Mrstats_reports_the_mean_of_the_volume()
    {
        RequireMrtrix();
        var invocation = WriteInvocation(new { input = _volume, statistic = "mean", statistics_name = "mean.txt" });

        var (id, statistics) = await RunAndFetchAsync("mrstats", invocation, "mean.txt", "local");
        var verify = await VipAsync("audit", "verify", id);

        double.Parse(File.ReadAllText(statistics).Trim(), CultureInfo.InvariantCulture).ShouldBe(ExpectedMean(), 1e-4);
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Mrconvert_changes_the_data_type_and_keeps_every_value()
    {
        RequireMrtrix();
        var integers = Path.Combine(_folder, "integers.nii");
        SyntheticVolume.Create(Width, Height, Depth, (x, y, z) => (x * y) - (7 * z)).WriteNifti(integers);
        var invocation = WriteInvocation(new { input = integers, output_name = "converted.nii", datatype = "int16" });

        var (_, converted) = await RunAndFetchAsync("mrconvert", invocation, "converted.nii", "local");
        var volume = SyntheticVolume.ReadNifti(converted);

        volume.DataType.ShouldBe((short)4);
        (volume.Width, volume.Height, volume.Depth).ShouldBe((Width, Height, Depth));
        foreach (var (x, y, z) in Positions())
        {
            volume[x, y, z].ShouldBe((x * y) - (7 * z), $"voxel ({x},{y},{z})");
        }
    }

    [Fact]
    public async Task Dcm2niix_stacks_a_dicom_series_into_one_nifti_volume_with_every_value()
    {
        HostTools.Require("dcm2niix", "dcm2niix");
        var series = Path.Combine(_folder, "dicom");
        SyntheticDicom.WriteSeries(SyntheticVolume.Create(Width, Height, Depth, IntegerPattern), series);
        var invocation = WriteInvocation(new { dicom_folder = series, output_name = "phantom" });

        var (id, image) = await RunAndFetchAsync("dcm2niix", invocation, "phantom.nii", "local");
        var volume = SyntheticVolume.ReadNifti(image);
        var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(image)!, "phantom.json"))).RootElement;
        var verify = await VipAsync("audit", "verify", id);

        (volume.Width, volume.Height, volume.Depth).ShouldBe((Width, Height, Depth));
        foreach (var (x, y, z) in Positions())
        {
            // dcm2niix writes a slice's rows bottom-up (DICOM stores them top-down), so NIfTI row y is DICOM row H-1-y.
            volume[x, y, z].ShouldBe(IntegerPattern(x, Height - 1 - y, z), $"voxel ({x},{y},{z})");
        }

        sidecar.GetProperty("Modality").GetString().ShouldBe("MR");
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Mrthreshold_on_slurm_writes_the_same_mask_and_the_audit_verifies()
    {
        RequireMrtrix();
        await SlurmCluster.RequireAsync();
        var invocation = WriteInvocation(new { input = _volume, output_name = "mask.nii", absolute = Threshold });

        var (id, mask) = await RunAndFetchAsync("mrthreshold", invocation, "mask.nii", "slurm");
        var status = await VipAsync("status", id);
        var verify = await VipAsync("audit", "verify", id);

        status.StandardOutput.ShouldContain("on slurm: completed");
        AssertMaskMatchesPattern(SyntheticVolume.ReadNifti(mask));
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    private static void RequireMrtrix() => HostTools.Require("mrtrix3", "mrconvert", "mrthreshold", "mrstats");

    // Non-integer values around the threshold, so that both sides of it are well populated and none sits on it.
    private static double Pattern(int x, int y, int z) => x + (2 * y) + (3 * z) + 0.5;

    // Distinct integers (int16 in DICOM), negative ones included.
    private static double IntegerPattern(int x, int y, int z) => (10 * x) + (100 * y) - (1000 * z) + 7;

    private static IEnumerable<(int X, int Y, int Z)> Positions() =>
        from z in Enumerable.Range(0, Depth) from y in Enumerable.Range(0, Height) from x in Enumerable.Range(0, Width) select (x, y, z);

    private static double ExpectedMean() => Positions().Average(p => (double)(float)Pattern(p.X, p.Y, p.Z));

    private static void AssertMaskMatchesPattern(SyntheticVolume mask)
    {
        (mask.Width, mask.Height, mask.Depth).ShouldBe((Width, Height, Depth));
        var kept = Positions().Count(p => Pattern(p.X, p.Y, p.Z) >= Threshold);
        kept.ShouldBeInRange(10, (Width * Height * Depth) - 10); // the pattern itself straddles the threshold
        foreach (var (x, y, z) in Positions())
        {
            mask[x, y, z].ShouldBe(Pattern(x, y, z) >= Threshold ? 1 : 0, $"voxel ({x},{y},{z}) = {Pattern(x, y, z)}");
        }
    }

    /// <summary>Runs `vip exec NAME --wait` and copies its outputs out with `vip results --out`; returns the id and the output's path.</summary>
    private async Task<(string Id, string Output)> RunAndFetchAsync(string application, string invocation, string output, string backend)
    {
        var exec = await VipAsync("exec", application, "--inputs", invocation, "--backend", backend, "--wait", "--poll-interval", "200");
        exec.ExitCode.ShouldBe(0, exec.StandardError);
        var id = exec.StandardOutput.Trim();
        var outFolder = Path.Combine(_folder, "results-" + id);
        var results = await VipAsync("results", id, "--out", outFolder);
        results.ExitCode.ShouldBe(0, results.StandardError);
        return (id, Path.Combine(outFolder, "job-1", output));
    }

    private string WriteInvocation(object values)
    {
        var path = Path.Combine(_folder, $"invocation-{Guid.NewGuid():n}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(values));
        return path;
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")], timeout: TimeSpan.FromMinutes(3));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
