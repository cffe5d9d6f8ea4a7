using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Executions;

/// <summary>`vip exec`, `status`, `results`, `cancel` as a person runs them, on the local backend and a fresh database.</summary>
public sealed class ExecVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-exec-").FullName;
    private string _connection = "";

    private string DataDir => Path.Combine(_folder, "data");

    public async ValueTask InitializeAsync()
    {
        _connection = await postgres.CreateDatabaseAsync(nameof(ExecVerbTests));
        var apps = Path.Combine(_folder, "apps");
        Directory.CreateDirectory(apps);
        File.WriteAllText(Path.Combine(apps, "copy.json"), CopyDescriptor);
        File.WriteAllText(Path.Combine(apps, "list.json"), ListDescriptor);
        File.WriteAllText(Path.Combine(apps, "pause.json"), PauseDescriptor);
        File.WriteAllText(Path.Combine(apps, "hold.json"), HoldDescriptor);
        File.WriteAllText(Path.Combine(apps, "forget.json"), ForgetDescriptor);
        var import = await VipAsync("apps", "import", apps);
        import.ExitCode.ShouldBe(0, import.StandardError);
    }

    [Fact]
    public async Task Exec_with_wait_runs_the_job_records_its_output_and_the_audit_verifies_it()
    {
        var input = WriteFile("scan.txt", "voxels 1 2 3\n");
        var invocation = WriteInvocation(new { @in = input, label = "copied" });

        var exec = await VipAsync("exec", "copy/1.0", "--inputs", invocation, "--wait", "--poll-interval", "100");
        var id = exec.StandardOutput.Trim();
        var status = Json(await VipAsync("status", id, "--json"));
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));
        var verify = await VipAsync("audit", "verify", id);

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        status.GetProperty("status").GetString().ShouldBe("completed");
        status.GetProperty("jobsByState").GetProperty("succeeded").GetInt32().ShouldBe(1);
        results.ExitCode.ShouldBe(0, results.StandardError);
        results.StandardOutput.ShouldContain("copied.txt");
        File.ReadAllText(Path.Combine(_folder, "out", "job-1", "copied.txt")).ShouldBe("voxels 1 2 3\n");
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Values_with_shell_metacharacters_reach_the_program_as_literal_arguments()
    {
        const string label = "a; touch pwned $(touch pwned2) `touch pwned3` | x";
        var input = WriteFile("in $(touch pwned4).txt", "literal\n");
        var invocation = WriteInvocation(new { @in = input, label });

        var exec = await VipAsync("exec", "copy", "--inputs", invocation, "--wait", "--poll-interval", "100", "--json");
        var id = Json(exec).GetProperty("executionId").GetString()!;
        var results = Json(await VipAsync("results", id, "--json"));

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        results.EnumerateArray().Single().GetProperty("path").GetString().ShouldBe(label + ".txt");
        Directory.EnumerateFiles(DataDir, "pwned*", SearchOption.AllDirectories).ShouldBeEmpty();
        Directory.EnumerateFiles("/", "pwned*").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_job_that_keeps_failing_is_retried_then_held_and_runs_again_when_a_person_retries_it()
    {
        var later = Path.Combine(_folder, "created-later");
        var invocation = WriteInvocation(new { path = later });

        var exec = await VipAsync("exec", "list", "--inputs", invocation, "--wait", "--retries", "2", "--poll-interval", "100");
        var id = exec.StandardOutput.Trim();
        var held = Json(await VipAsync("status", id, "--json"));
        Directory.CreateDirectory(later); // the person fixes what made it fail
        var retry = await VipAsync("retry", id, "--wait", "--poll-interval", "100");
        var status = Json(await VipAsync("status", id, "--json"));
        var timeline = await VipAsync("audit", "replay", id);
        var verify = await VipAsync("audit", "verify", id);

        exec.ExitCode.ShouldBe(1, exec.StandardError);
        exec.StandardError.ShouldContain("attempt 3 of 3");
        exec.StandardError.ShouldContain($"'vip retry {id}' resubmits them");
        held.GetProperty("status").GetString().ShouldBe("running");
        held.GetProperty("jobs")[0].GetProperty("state").GetString().ShouldBe("held");
        held.GetProperty("jobs")[0].GetProperty("attempts").GetInt32().ShouldBe(3);
        retry.ExitCode.ShouldBe(0, retry.StandardError);
        status.GetProperty("status").GetString().ShouldBe("completed");
        status.GetProperty("jobs")[0].GetProperty("attempts").GetInt32().ShouldBe(4);
        timeline.StandardOutput.ShouldContain("retried (attempt 2)");
        timeline.StandardOutput.ShouldContain("retried (attempt 3)");
        timeline.StandardOutput.ShouldContain("retried (attempt 4)");
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task A_job_that_exits_0_without_a_required_output_fails_is_held_and_is_not_called_completed()
    {
        var invocation = WriteInvocation(new { path = "/" });

        var exec = await VipAsync("exec", "forget", "--inputs", invocation, "--wait", "--retries", "0", "--poll-interval", "100");
        var status = Json(await VipAsync("status", exec.StandardOutput.Trim(), "--json"));

        exec.ExitCode.ShouldBe(1, exec.StandardError);
        exec.StandardError.ShouldContain("required output(s) missing: never.txt");
        exec.StandardError.ShouldNotContain("maybe.txt");
        status.GetProperty("status").GetString().ShouldNotBe("completed");
        status.GetProperty("jobs")[0].GetProperty("state").GetString().ShouldBe("held");
        status.GetProperty("outputs").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_application_exits_2_naming_it_and_records_nothing()
    {
        var invocation = WriteInvocation(new { path = "/" });

        var exec = await VipAsync("exec", "no-such-app", "--inputs", invocation, "--wait");

        exec.ExitCode.ShouldBe(2);
        exec.StandardError.ShouldContain("no-such-app");
        (await CountPlannedAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_invalid_invocation_exits_2_with_its_problems_and_records_nothing()
    {
        var invocation = WriteInvocation(new { label = "no input file given" });
        var missingFile = WriteInvocation(new { @in = "/no/such/scan.txt", label = "x" });

        var exec = await VipAsync("exec", "copy", "--inputs", invocation, "--wait");
        var missing = await VipAsync("exec", "copy", "--inputs", missingFile, "--wait");

        exec.ExitCode.ShouldBe(2);
        exec.StandardError.ShouldContain("The required input 'in' is missing");
        exec.StandardError.ShouldContain("nothing was recorded");
        missing.ExitCode.ShouldBe(2);
        missing.StandardError.ShouldContain("/no/such/scan.txt");
        (await CountPlannedAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Status_watch_follows_an_execution_another_process_runs_until_it_completes()
    {
        // The job waits on a lock this test holds, so the watcher sees it running however slowly processes start here.
        var gate = Path.Combine(_folder, "gate.lock");
        var held = new FileStream(gate, FileMode.Create, FileAccess.ReadWrite, FileShare.None); // flock(LOCK_EX) on Linux
        var invocation = WriteInvocation(new { @lock = gate });
        using var exec = VipCli.Start(Arguments("exec", "hold", "--inputs", invocation, "--wait", "--poll-interval", "100"));
        var id = (await exec.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken))!.Trim();

        using var watch = VipCli.Start(Arguments("status", id, "--watch", "--poll-interval", "100"));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var seen = new List<string>();
        while (await watch.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            seen.Add(line);
            if (line.Contains("job-1: running", StringComparison.Ordinal))
            {
                break;
            }
        }

        await held.DisposeAsync(); // the job may end now
        seen.Add(await watch.StandardOutput.ReadToEndAsync(limit.Token));
        await watch.WaitForExitAsync(limit.Token);
        await exec.WaitForExitAsync(limit.Token);

        var output = string.Join("\n", seen);
        watch.ExitCode.ShouldBe(0, output + await watch.StandardError.ReadToEndAsync(limit.Token));
        output.ShouldContain("job-1: running");
        output.ShouldContain("job-1: succeeded");
        output.ShouldContain($"execution {id} completed");
        exec.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Cancel_stops_a_waiting_execution_and_records_who_cancelled_it()
    {
        var invocation = WriteInvocation(new { seconds = "60" });
        using var exec = VipCli.Start(Arguments("exec", "pause", "--inputs", invocation, "--wait", "--poll-interval", "100"));
        var id = (await exec.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken))!.Trim();

        var cancel = await VipAsync("cancel", id);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await exec.WaitForExitAsync(limit.Token);
        var status = Json(await VipAsync("status", id, "--json"));
        var again = await VipAsync("cancel", id);

        cancel.ExitCode.ShouldBe(0, cancel.StandardError);
        exec.ExitCode.ShouldBe(1);
        status.GetProperty("status").GetString().ShouldBe("cancelled");
        again.ExitCode.ShouldBe(2);
        again.StandardError.ShouldContain("already ended");
    }

    private const string CopyDescriptor = """
        {
          "name": "copy", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Copies a file under a new name.",
          "command-line": "cp [IN] [OUT]",
          "inputs": [
            {"id": "in", "name": "Input", "type": "File", "value-key": "[IN]"},
            {"id": "label", "name": "Label", "type": "String", "value-key": "[LABEL]"}
          ],
          "output-files": [{"id": "out", "name": "Copy", "path-template": "[LABEL].txt", "value-key": "[OUT]"}]
        }
        """;

    private const string ListDescriptor = """
        {
          "name": "list", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Lists a folder (fails when it does not exist).",
          "command-line": "ls [PATH]",
          "inputs": [{"id": "path", "name": "Path", "type": "String", "value-key": "[PATH]"}]
        }
        """;

    private const string PauseDescriptor = """
        {
          "name": "pause", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Sleeps.",
          "command-line": "sleep [SECONDS]",
          "inputs": [{"id": "seconds", "name": "Seconds", "type": "String", "value-key": "[SECONDS]"}]
        }
        """;

    private const string HoldDescriptor = """
        {
          "name": "hold", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Waits until it can take a lock on a file, then ends.",
          "command-line": "flock [LOCK] true",
          "inputs": [{"id": "lock", "name": "Lock file", "type": "String", "value-key": "[LOCK]"}]
        }
        """;

    private const string ForgetDescriptor = """
        {
          "name": "forget", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Lists a folder but never writes the output it promises.",
          "command-line": "ls [PATH]",
          "inputs": [{"id": "path", "name": "Path", "type": "String", "value-key": "[PATH]"}],
          "output-files": [
            {"id": "never", "name": "Promised", "path-template": "never.txt"},
            {"id": "maybe", "name": "Optional", "path-template": "maybe.txt", "optional": true}
          ]
        }
        """;

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteInvocation(object values) =>
        WriteFile($"invocation-{Guid.NewGuid():n}.json", JsonSerializer.Serialize(values));

    private static JsonElement Json(VipRun run)
    {
        run.ExitCode.ShouldBe(0, run.StandardError);
        return JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    private async Task<long> CountPlannedAsync()
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mt_events WHERE type = 'execution_planned'", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private string[] Arguments(params string[] arguments) => [.. arguments, "--connection", _connection, "--data-dir", DataDir];

    private Task<VipRun> VipAsync(params string[] arguments) => VipCli.RunAsync(Arguments(arguments));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
