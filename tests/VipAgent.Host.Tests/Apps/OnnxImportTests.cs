using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Apps;

/// <summary>`vip apps import` of ONNX applications: the catalog imports unchanged, a model that does not fit is refused.</summary>
public sealed class OnnxImportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-onnx-import-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(OnnxImportTests));

    [Fact]
    public async Task Imports_the_three_catalog_onnx_applications_unchanged_keeping_each_model_in_the_store_by_its_hash()
    {
        var catalog = SharedData.Require("evals", "catalog");

        var run = await VipAsync("apps", "import", catalog);
        var list = await VipAsync("apps", "list", "--json");

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldContain("3 imported, 0 unchanged, 0 rejected");
        JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength().ShouldBe(3);
        foreach (var model in Directory.EnumerateFiles(Path.Combine(catalog, "models")))
        {
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)));
            File.ReadAllBytes(Path.Combine(_folder, "data", "store", sha[..2], sha)).ShouldBe(File.ReadAllBytes(model));
        }
    }

    [Fact]
    public async Task Refuses_an_onnx_application_whose_model_file_is_not_a_model_with_exit_code_2()
    {
        var descriptor = Path.Combine(_folder, "net.json");
        Directory.CreateDirectory(Path.Combine(_folder, "models"));
        File.WriteAllText(Path.Combine(_folder, "models", "net.onnx"), "these are not weights");
        File.WriteAllText(descriptor, """
            {
              "name": "net", "tool-version": "1.0", "schema-version": "0.5", "description": "d", "command-line": "onnx-infer [IN] [OUT]",
              "custom": {"vipagent:runtime": "onnx", "vipagent:model": "models/net.onnx"},
              "inputs": [{"id": "in", "name": "In", "type": "File", "value-key": "[IN]"}],
              "output-files": [{"id": "out", "name": "Out", "path-template": "out.nii.gz", "value-key": "[OUT]"}]
            }
            """);

        var run = await VipAsync("apps", "import", descriptor);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("custom.vipagent:model 'models/net.onnx' is not a model ONNX Runtime loads");
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync(
            [.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")],
            new Dictionary<string, string> { ["VipAgent__ImportBundledApplications"] = "false" }); // the catalog holds only what the test imports

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
