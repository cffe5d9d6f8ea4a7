using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Executions;

/// <summary>`vip exec --backend slurm` end to end on the real single-node Slurm (skipped, with the reason, where it cannot start).</summary>
public sealed class SlurmExecTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-exec-slurm-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(SlurmExecTests));

    [Fact]
    public async Task Exec_on_slurm_runs_the_job_with_literal_arguments_and_records_its_verified_output()
    {
        await SlurmCluster.RequireAsync();
        var descriptor = Path.Combine(_folder, "copy.json");
        File.WriteAllText(descriptor, """
            {
              "name": "copy", "tool-version": "1.0", "schema-version": "0.5", "description": "Copies a file under a new name.",
              "command-line": "cp [IN] [OUT]",
              "inputs": [
                {"id": "in", "name": "Input", "type": "File", "value-key": "[IN]"},
                {"id": "label", "name": "Label", "type": "String", "value-key": "[LABEL]"}
              ],
              "output-files": [{"id": "out", "name": "Copy", "path-template": "[LABEL].txt", "value-key": "[OUT]"}]
            }
            """);
        const string label = "b; touch pwned $(touch pwned2)";
        var input = Path.Combine(_folder, "scan.txt");
        File.WriteAllText(input, "on the cluster\n");
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { @in = input, label }));
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);

        var exec = await VipAsync("exec", "copy", "--inputs", invocation, "--backend", "slurm", "--wait", "--poll-interval", "500");
        var id = exec.StandardOutput.Trim();
        var status = await VipAsync("status", id);
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));
        var verify = await VipAsync("audit", "verify", id);

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        status.StandardOutput.ShouldContain("on slurm: completed");
        results.ExitCode.ShouldBe(0, results.StandardError);
        File.ReadAllText(Path.Combine(_folder, "out", "job-1", label + ".txt")).ShouldBe("on the cluster\n");
        Directory.EnumerateFiles(_folder, "pwned*", SearchOption.AllDirectories).ShouldBeEmpty();
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")], timeout: TimeSpan.FromMinutes(3));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
