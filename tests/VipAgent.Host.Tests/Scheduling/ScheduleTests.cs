using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Scheduling;

/// <summary>`vip schedule`: a cron schedule re-runs an approved plan inside `vip serve`; bad schedules exit 2.</summary>
public sealed class ScheduleTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-schedule-").FullName;
    private string _connection = "";

    private string DataDir => Path.Combine(_folder, "data");

    public async ValueTask InitializeAsync()
    {
        _connection = await postgres.CreateDatabaseAsync(nameof(ScheduleTests));
        var descriptor = Path.Combine(_folder, "stamp.json");
        File.WriteAllText(descriptor, """
            {
              "name": "stamp", "tool-version": "1.0", "schema-version": "0.5", "description": "Writes a word to a file.",
              "command-line": "printf %s [WORD] > [OUT]",
              "inputs": [{"id": "word", "name": "Word", "type": "String", "value-key": "[WORD]"}],
              "output-files": [{"id": "out", "name": "Stamp", "path-template": "stamp.txt", "value-key": "[OUT]"}]
            }
            """);
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_schedule_re_runs_an_approved_plan_in_the_service_until_it_is_removed()
    {
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, """{"word": "again"}""");
        var first = await VipAsync("exec", "stamp", "--inputs", invocation, "--wait", "--poll-interval", "100");
        first.ExitCode.ShouldBe(0, first.StandardError);
        var template = first.StandardOutput.Trim();

        var add = await VipAsync("schedule", "add", template, "--cron", "* * * * * ?", "--name", "every-second", "--json");
        var list = await VipAsync("schedule", "list", "--json");
        await using (var server = VipServer.Start(DataDir, new Dictionary<string, string> { ["VIPAGENT_CONNECTION"] = _connection, ["VipAgent__Scheduler__TickMilliseconds"] = "200" }))
        {
            await server.WaitUntilHealthyAsync();
            var rerun = await WaitForCompletedRerunAsync("schedule every-second", server);
            var status = JsonDocument.Parse((await VipAsync("status", rerun, "--json")).StandardOutput).RootElement;
            status.GetProperty("status").GetString().ShouldBe("completed");
            status.GetProperty("outputs").GetInt32().ShouldBe(1);
        }

        var remove = await VipAsync("schedule", "remove", "every-second");
        var after = await VipAsync("schedule", "list", "--json");
        var removeAgain = await VipAsync("schedule", "remove", "every-second");

        add.ExitCode.ShouldBe(0, add.StandardError);
        JsonDocument.Parse(add.StandardOutput).RootElement.GetProperty("nextRun").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        var listed = JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().Single();
        listed.GetProperty("name").GetString().ShouldBe("every-second");
        listed.GetProperty("executionId").GetString().ShouldBe(template);
        remove.ExitCode.ShouldBe(0, remove.StandardError);
        JsonDocument.Parse(after.StandardOutput).RootElement.GetArrayLength().ShouldBe(0);
        removeAgain.ExitCode.ShouldBe(2);
        removeAgain.StandardError.ShouldContain("no schedule named 'every-second'");
    }

    [Fact]
    public async Task A_bad_cron_an_unknown_execution_or_a_taken_name_exits_2_and_schedules_nothing()
    {
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, """{"word": "x"}""");
        var template = (await VipAsync("exec", "stamp", "--inputs", invocation, "--wait", "--poll-interval", "100")).StandardOutput.Trim();

        var badCron = await VipAsync("schedule", "add", template, "--cron", "every night");
        var unknown = await VipAsync("schedule", "add", Guid.NewGuid().ToString(), "--cron", "0 0 2 * * ?");
        var ok = await VipAsync("schedule", "add", template, "--cron", "0 0 2 * * ?", "--name", "nightly");
        var taken = await VipAsync("schedule", "add", template, "--cron", "0 0 3 * * ?", "--name", "nightly");
        var list = JsonDocument.Parse((await VipAsync("schedule", "list", "--json")).StandardOutput).RootElement;

        badCron.ExitCode.ShouldBe(2);
        badCron.StandardError.ShouldContain("is not a Quartz cron expression");
        unknown.ExitCode.ShouldBe(2);
        unknown.StandardError.ShouldContain("no execution");
        ok.ExitCode.ShouldBe(0, ok.StandardError);
        taken.ExitCode.ShouldBe(2);
        taken.StandardError.ShouldContain("already exists");
        list.EnumerateArray().Select(s => s.GetProperty("cron").GetString()).ShouldBe(["0 0 2 * * ?"]);
    }

    private async Task<string> WaitForCompletedRerunAsync(string plannedBy, VipServer server)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(_connection);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT p.stream_id FROM mt_events p JOIN mt_events c ON c.stream_id = p.stream_id AND c.type = 'execution_completed' " +
                "WHERE p.type = 'execution_planned' AND p.data->>'plannedBy' = @by LIMIT 1", connection);
            command.Parameters.AddWithValue("by", plannedBy);
            if (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) is string stream)
            {
                return stream["executions/".Length..];
            }

            await Task.Delay(300, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no execution planned by '{plannedBy}' completed: {server.Output}");
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", DataDir], timeout: TimeSpan.FromMinutes(2));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
