using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Executions;

/// <summary>`vip exec` on an ONNX application from the evaluation catalog: its model runs in-process, outputs recorded and verified.</summary>
public sealed class OnnxExecTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-exec-onnx-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(OnnxExecTests));

    [Fact]
    public async Task An_onnx_application_runs_on_the_onnx_backend_by_default_and_its_masks_are_recorded()
    {
        var descriptor = SharedData.Require("evals", "catalog", "BrainExtractionNet-1.0.json");
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);
        var t1 = Path.Combine(_folder, "t1.nii");
        SyntheticVolume.Create(24, 24, 24, (x, y, z) => Math.Abs(x - 12) + Math.Abs(y - 12) + Math.Abs(z - 12) < 8 ? 900 : 30).WriteNifti(t1);
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { t1 }));

        var exec = await VipAsync("exec", "BrainExtractionNet", "--inputs", invocation, "--wait", "--poll-interval", "100");
        var wrongBackend = await VipAsync("exec", "BrainExtractionNet", "--inputs", invocation, "--backend", "local");
        var id = exec.StandardOutput.Trim();
        var status = JsonDocument.Parse((await VipAsync("status", id, "--json")).StandardOutput).RootElement;
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));
        var verify = await VipAsync("audit", "verify", id);
        var prov = await VipAsync("audit", "export", id, "--format", "prov", "--out", Path.Combine(_folder, "prov"));
        var crate = await VipAsync("audit", "export", id, "--format", "ro-crate", "--out", Path.Combine(_folder, "crate"));

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        status.GetProperty("backend").GetString().ShouldBe("onnx");
        status.GetProperty("status").GetString().ShouldBe("completed");
        status.GetProperty("outputs").GetInt32().ShouldBeGreaterThanOrEqualTo(2);
        results.StandardOutput.ShouldContain("t1_brainmask.nii.gz");
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
        // the model is part of what ran: both exports name it by the hash of its bytes
        var model = Path.Combine(Path.GetDirectoryName(descriptor)!, "models", "brain-extraction-unet-1.0.onnx");
        var modelSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)));
        prov.ExitCode.ShouldBe(0, prov.StandardError);
        crate.ExitCode.ShouldBe(0, crate.StandardError);
        var provText = string.Concat(Directory.EnumerateFiles(Path.Combine(_folder, "prov")).Select(File.ReadAllText));
        provText.ShouldContain(modelSha);
        provText.ShouldContain("brain-extraction-unet-1.0.onnx");
        File.ReadAllText(Path.Combine(_folder, "crate", "ro-crate-metadata.json")).ShouldContain(modelSha);
        wrongBackend.ExitCode.ShouldBe(2);
        wrongBackend.StandardError.ShouldContain("--backend onnx");
    }

    [Fact]
    public async Task A_bad_onnx_setting_is_exit_2_naming_it_and_records_nothing()
    {
        var descriptor = SharedData.Require("evals", "catalog", "BrainExtractionNet-1.0.json");
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);
        var t1 = Path.Combine(_folder, "t1.nii");
        SyntheticVolume.Create(8, 8, 8, (x, y, z) => x + y + z).WriteNifti(t1);
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { t1 }));

        var batch = await VipCli.RunAsync(
            ["exec", "BrainExtractionNet", "--inputs", invocation, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")],
            new Dictionary<string, string> { ["VipAgent__Onnx__MaxBatch"] = "0" }, timeout: TimeSpan.FromMinutes(3));
        var device = await VipCli.RunAsync(
            ["exec", "BrainExtractionNet", "--inputs", invocation, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")],
            new Dictionary<string, string> { ["VipAgent__Onnx__Device"] = "tpu" }, timeout: TimeSpan.FromMinutes(3));

        batch.ExitCode.ShouldBe(2, batch.StandardError);
        batch.StandardError.ShouldContain("VipAgent:Onnx:MaxBatch '0' must be a whole number from 1 (no batching) to 64");
        device.ExitCode.ShouldBe(2, device.StandardError);
        device.StandardError.ShouldContain("VipAgent:Onnx:Device 'tpu' is not Auto, Cpu or Cuda");
        (await EventTable.CountByTypeAsync(_connection, "executions/%", TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")], timeout: TimeSpan.FromMinutes(3));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
