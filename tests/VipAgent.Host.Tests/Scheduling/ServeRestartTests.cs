using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Scheduling;

/// <summary>
/// `vip exec` hands a 20-job execution over to `vip serve`, which is killed with SIGKILL while the jobs run and
/// started again: every job is submitted once and ends once in the stream, and the execution completes, verified.
/// </summary>
public sealed class ServeRestartTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int JobCount = 20;
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-restart-").FullName;
    private string _connection = "";

    private string DataDir => Path.Combine(_folder, "data");

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(ServeRestartTests));

    [Theory]
    [InlineData("local")]
    [InlineData("slurm")]
    public async Task A_service_killed_mid_run_and_restarted_finishes_every_job_exactly_once(string backend)
    {
        if (backend == "slurm")
        {
            await SlurmCluster.RequireAsync();
        }

        var descriptor = Path.Combine(_folder, "tick.json");
        File.WriteAllText(descriptor, TickDescriptor);
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { count = JobCount, seconds = 4 }));
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);

        var first = StartServer();
        await first.WaitUntilHealthyAsync();
        var exec = await VipAsync("exec", "tick", "--inputs", invocation, "--backend", backend);
        exec.ExitCode.ShouldBe(0, exec.StandardError);
        exec.StandardError.ShouldContain("handed over to vip serve");
        var id = exec.StandardOutput.Trim();
        // kill as soon as every job is submitted and one runs (read from the database: a `vip status` takes too long
        // on a loaded machine, and Slurm may run all 20 at once, each for 4 s)
        await WaitForEventsAsync(id, first);
        await first.KillAsync();
        var doneAtKill = await SucceededTransitionsAsync(id);

        await using var second = StartServer();
        await second.WaitUntilHealthyAsync();
        var final = await WaitUntilAsync(id, s => s.GetProperty("status").GetString() != "running", second);
        var events = await EventCountsAsync(id);
        var verify = await VipAsync("audit", "verify", id);
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));

        doneAtKill.ShouldBeLessThan(JobCount, "jobs were still running when serve was killed");
        final.GetProperty("status").GetString().ShouldBe("completed", second.Output);
        final.GetProperty("jobsByState").GetProperty("succeeded").GetInt32().ShouldBe(JobCount);
        events.GetValueOrDefault("job_submitted").ShouldBe(JobCount);
        events.GetValueOrDefault("job_retried").ShouldBe(0);
        (await SucceededTransitionsAsync(id)).ShouldBe(JobCount);
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
        results.ExitCode.ShouldBe(0, results.StandardError);
        for (var n = 0; n < JobCount; n++)
        {
            File.ReadAllText(Path.Combine(_folder, "out", $"job-{n + 1}", $"tick-{n}.txt")).Trim().ShouldBe(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private const string TickDescriptor = """
        {
          "name": "tick", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Waits a while, then writes its job number to a file.",
          "command-line": "sleep [SECONDS]; echo [N] > [OUT]",
          "inputs": [
            {"id": "count", "name": "Jobs", "type": "Number", "integer": true, "value-key": "[N]"},
            {"id": "seconds", "name": "Seconds", "type": "Number", "value-key": "[SECONDS]"}
          ],
          "output-files": [{"id": "out", "name": "Number", "path-template": "tick-[N].txt", "value-key": "[OUT]"}],
          "custom": {"vip:intIteratorInputs": ["count"]}
        }
        """;

    private VipServer StartServer() => VipServer.Start(DataDir, new Dictionary<string, string>
    {
        ["VIPAGENT_CONNECTION"] = _connection,
        ["VipAgent__Scheduler__TickMilliseconds"] = "200",
    });

    private async Task WaitForEventsAsync(string id, VipServer server)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var counts = await EventCountsAsync(id);
            if (counts.GetValueOrDefault("job_submitted") == JobCount && counts.GetValueOrDefault("job_status_changed") > 0)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"execution {id} never had all its jobs submitted and one moving: {server.Output}");
    }

    private async Task<JsonElement> WaitUntilAsync(string id, Func<JsonElement, bool> condition, VipServer server)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            var status = await StatusAsync(id);
            if (condition(status))
            {
                return status;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"execution {id} never got there: {status}\n{server.Output}");
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private async Task<JsonElement> StatusAsync(string id)
    {
        var run = await VipAsync("status", id, "--json");
        run.ExitCode.ShouldBe(0, run.StandardError);
        return JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    private Task<Dictionary<string, long>> EventCountsAsync(string id) =>
        EventTable.CountByTypeAsync(_connection, $"executions/{id}", TestContext.Current.CancellationToken);

    private async Task<long> SucceededTransitionsAsync(string id)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM mt_events WHERE stream_id = @stream AND type = 'job_status_changed' AND data->>'to' = 'Succeeded'", connection);
        command.Parameters.AddWithValue("stream", $"executions/{id}");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", DataDir], timeout: TimeSpan.FromMinutes(3));

    public async ValueTask DisposeAsync()
    {
        await Task.Delay(100);
        Directory.Delete(_folder, recursive: true);
    }
}
