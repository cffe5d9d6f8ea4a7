using System.Text.Json;
using VipAgent.Testing;
using VipAgent.Testing.DiracX;

namespace VipAgent.Host.Tests.Dirac;

/// <summary>
/// `vip exec --backend dirac` end to end against the loopback DiracX contract server (a test double: DiracX
/// cannot run here): login once, then submission, monitoring, output sandboxes, recorded and verified outputs.
/// </summary>
public sealed class DiracExecTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-exec-dirac-").FullName;
    private DiracXServer _server = null!;
    private string _connection = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string DataDir => Path.Combine(_folder, "data");

    private Dictionary<string, string> Settings => new()
    {
        ["VipAgent__Dirac__Url"] = _server.Url.AbsoluteUri,
        ["VipAgent__Dirac__Vo"] = _server.Options.Vo,
        ["VipAgent__Dirac__Group"] = _server.Options.Group,
    };

    public async ValueTask InitializeAsync()
    {
        _connection = await postgres.CreateDatabaseAsync(nameof(DiracExecTests));
        _server = await DiracXServer.StartAsync(new DiracXServerOptions(), Token);
    }

    [Fact]
    public async Task Exec_on_dirac_runs_the_job_on_the_grid_double_and_records_its_verified_output()
    {
        await LoginAsync();
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
        const string label = "grid; touch pwned $(touch pwned2)";
        var input = Path.Combine(_folder, "scan.txt");
        File.WriteAllText(input, "on the grid\n");
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { @in = input, label }));
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);

        var exec = await VipAsync("exec", "copy", "--inputs", invocation, "--backend", "dirac", "--wait", "--poll-interval", "200");
        var id = exec.StandardOutput.Trim();
        var status = await VipAsync("status", id);
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));
        var verify = await VipAsync("audit", "verify", id);

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        status.StandardOutput.ShouldContain("on dirac: completed");
        results.ExitCode.ShouldBe(0, results.StandardError);
        File.ReadAllText(Path.Combine(_folder, "out", "job-1", label + ".txt")).ShouldBe("on the grid\n");
        Directory.EnumerateFiles(_folder, "pwned*", SearchOption.AllDirectories).ShouldBeEmpty();
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task A_50_job_split_survives_lost_answers_and_a_failing_site_with_no_job_lost_or_submitted_twice()
    {
        await LoginAsync();
        var input = Path.Combine(_folder, "scan.txt");
        File.WriteAllText(input, "split over the grid\n");
        var subjects = Enumerable.Range(1, 50).Select(i => $"sub-{i:00}").ToArray();
        var invocation = Path.Combine(_folder, "split.json");
        File.WriteAllText(invocation, JsonSerializer.Serialize(new { @in = input, subject = subjects }));
        await ImportStampAsync();
        const string failingSite = "EGI.LPC.fr";
        _server.Faults.FailNext(2, System.Net.HttpStatusCode.GatewayTimeout, "/api/jobs/jdl", afterProcessing: true);
        _server.Faults.FailingSite = failingSite;

        var exec = await VipAsync("exec", "stamp", "--inputs", invocation, "--backend", "dirac", "--wait", "--retries", "3", "--poll-interval", "200");
        var id = exec.StandardOutput.Trim();
        var status = JsonDocument.Parse((await VipAsync("status", id, "--json")).StandardOutput).RootElement;
        var replay = await VipAsync("audit", "replay", id);
        var results = await VipAsync("results", id, "--out", Path.Combine(_folder, "out"));
        var verify = await VipAsync("audit", "verify", id);

        exec.ExitCode.ShouldBe(0, exec.StandardError);
        status.GetProperty("status").GetString().ShouldBe("completed");
        var jobs = status.GetProperty("jobs").EnumerateArray().ToList();
        jobs.Count.ShouldBe(50);
        jobs.ShouldAllBe(j => j.GetProperty("state").GetString() == "succeeded");
        results.ExitCode.ShouldBe(0, results.StandardError);
        for (var i = 0; i < subjects.Length; i++)
        {
            File.ReadAllText(Path.Combine(_folder, "out", $"job-{i + 1}", subjects[i] + ".txt")).ShouldBe("split over the grid\n");
        }

        // No job lost or submitted twice: each grid job that ran to the end is one of the 50, once; every other grid
        // job failed at the failing site, and each such failure cost its job exactly one more attempt.
        var grid = _server.Jobs;
        var failedAtSite = grid.Count(j => j.Status == "Failed" && j.Site == failingSite);
        failedAtSite.ShouldBeGreaterThan(0, "the failing site took no job: the fault was not exercised");
        grid.Count(j => j.Status == "Done").ShouldBe(50);
        grid.Count.ShouldBe(50 + failedAtSite);
        grid.Where(j => j.Status == "Done").ShouldAllBe(j => j.Site != failingSite);
        jobs.Sum(j => j.GetProperty("attempts").GetInt32() - 1).ShouldBe(failedAtSite);
        grid.Where(j => j.Status == "Done").Select(j => j.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order()
            .ShouldBe(jobs.Select(j => j.GetProperty("backendJobId").GetString()!).Order());
        _server.CountRequests("POST", "/api/jobs/jdl").ShouldBeGreaterThanOrEqualTo(3); // 50 jobs in chunks of at most 20
        replay.StandardOutput.ShouldContain("injected fault");
        replay.StandardOutput.ShouldContain(failingSite);
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task A_goal_that_asks_for_the_grid_is_planned_on_dirac_and_runs_there_once_submitted()
    {
        await LoginAsync();
        var scan = Path.Combine(_folder, "scan.txt");
        File.WriteAllText(scan, "planned for the grid\n");
        await ImportStampAsync();

        var plan = await VipAsync("plan", "stamp scan.txt with subject sub-01 on the grid", "--file", scan, "--json");
        plan.ExitCode.ShouldBe(0, plan.StandardError);
        var planned = JsonDocument.Parse(plan.StandardOutput).RootElement;
        var id = planned.GetProperty("planId").GetString()!;
        var submit = await VipAsync("submit", id, "--wait", "--poll-interval", "200");
        var status = JsonDocument.Parse((await VipAsync("status", id, "--json")).StandardOutput).RootElement;
        var verify = await VipAsync("audit", "verify", id);

        planned.GetProperty("backend").GetString().ShouldBe("dirac");
        planned.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain(r => r!.Contains("rule 3"));
        submit.ExitCode.ShouldBe(0, submit.StandardError);
        status.GetProperty("backend").GetString().ShouldBe("dirac");
        status.GetProperty("status").GetString().ShouldBe("completed");
        _server.Jobs.Count(j => j.Status == "Done").ShouldBe(1);
        verify.ExitCode.ShouldBe(0, verify.StandardOutput + verify.StandardError);
    }

    [Fact]
    public async Task Exec_on_dirac_without_its_settings_exits_2_and_records_nothing()
    {
        var invocation = Path.Combine(_folder, "invocation.json");
        File.WriteAllText(invocation, """{"word": "x"}""");
        var descriptor = Path.Combine(_folder, "true.json");
        File.WriteAllText(descriptor, """{"name": "nothing", "tool-version": "1", "schema-version": "0.5", "description": "Does nothing.", "command-line": "true [WORD]", "inputs": [{"id": "word", "name": "Word", "type": "String", "value-key": "[WORD]"}]}""");
        (await VipCli.RunAsync(["apps", "import", descriptor, "--connection", _connection, "--data-dir", DataDir])).ExitCode.ShouldBe(0);

        var exec = await VipCli.RunAsync(["exec", "nothing", "--inputs", invocation, "--backend", "dirac", "--connection", _connection, "--data-dir", DataDir]);
        var list = await VipCli.RunAsync(["audit", "verify", "--all", "--connection", _connection, "--data-dir", DataDir]);

        exec.ExitCode.ShouldBe(2, exec.StandardError);
        exec.StandardError.ShouldContain("VipAgent:Dirac");
        list.StandardOutput.ShouldNotContain("executions/");
    }

    /// <summary>Imports "stamp": copies a scan file to SUBJECT.txt (one job per subject when given several).</summary>
    private async Task ImportStampAsync()
    {
        var descriptor = Path.Combine(_folder, "stamp.json");
        File.WriteAllText(descriptor, """
            {
              "name": "stamp", "tool-version": "1.0", "schema-version": "0.5", "description": "Copies a scan file under a subject's name.",
              "command-line": "cp [IN] [OUT]",
              "inputs": [
                {"id": "in", "name": "Input scan", "type": "File", "value-key": "[IN]"},
                {"id": "subject", "name": "Subject", "type": "String", "value-key": "[SUBJECT]"}
              ],
              "output-files": [{"id": "out", "name": "Copy", "path-template": "[SUBJECT].txt", "value-key": "[OUT]"}]
            }
            """);
        (await VipAsync("apps", "import", descriptor)).ExitCode.ShouldBe(0);
    }

    private async Task LoginAsync()
    {
        using var process = VipCli.Start(["dirac", "login", "--poll-seconds", "0.1", "--data-dir", DataDir], Settings);
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? code;
        while ((code = _server.Tokens.PendingUserCodes.FirstOrDefault()) is null && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
        }

        code.ShouldNotBeNull("vip dirac login did not start: " + (process.HasExited ? await stderr : "still running"));
        _server.ApproveDevice(code).ShouldBeTrue();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        process.ExitCode.ShouldBe(0, await stdout + await stderr);
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", DataDir], Settings, timeout: TimeSpan.FromMinutes(3));

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
