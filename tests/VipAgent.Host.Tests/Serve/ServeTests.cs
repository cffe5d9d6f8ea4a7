using System.Text.Json;
using VipAgent.Host.Tests.Database;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Serve;

public sealed class ServeTests : IDisposable
{
    private readonly string _dataDir = VipCli.NewDataDir();

    [Fact]
    public async Task Health_names_the_database_once_it_is_usable_and_sigterm_stops_everything()
    {
        var server = VipServer.Start(_dataDir);

        var health = await server.WaitUntilHealthyAsync();

        health.GetProperty("status").GetString().ShouldBe("healthy");
        var database = health.GetProperty("database");
        database.GetProperty("name").GetString().ShouldBe("vipagent");
        database.GetProperty("state").GetString().ShouldBe("ready");
        database.GetProperty("embedded").GetBoolean().ShouldBeTrue();
        ClusterProbe.RunningPort(_dataDir).ShouldNotBeNull();

        (await server.StopAsync()).ShouldBe(0, server.Output);
        ClusterProbe.RunningPort(_dataDir).ShouldBeNull("vip stops the cluster it started");
        File.Exists(Path.Combine(_dataDir, "serve.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_second_serve_on_the_same_data_folder_is_refused_with_a_clear_message()
    {
        await using var first = VipServer.Start(_dataDir);
        await first.WaitUntilHealthyAsync();

        var second = await VipCli.RunAsync(["serve", "--data-dir", _dataDir, "--urls", $"http://127.0.0.1:{VipCli.FreePort()}"]);

        second.ExitCode.ShouldBe(1);
        var line = second.StandardError.Trim();
        line.ShouldContain("already running");
        line.ShouldContain($"pid {first.ProcessId}");
        line.ShouldNotContain("\n");
        (await first.Http.GetAsync("/health", TestContext.Current.CancellationToken)).IsSuccessStatusCode.ShouldBeTrue("the first server is untouched");
    }

    [Fact]
    public async Task A_verb_run_while_serve_is_up_uses_the_cluster_serve_started_and_leaves_it_running()
    {
        await using var server = VipServer.Start(_dataDir);
        var health = await server.WaitUntilHealthyAsync();
        var address = health.GetProperty("database").GetProperty("address").GetString();

        var info = await VipCli.RunAsync(["db", "info", "--json", "--data-dir", _dataDir]);

        info.ExitCode.ShouldBe(0, info.StandardError);
        var report = JsonDocument.Parse(info.StandardOutput).RootElement;
        report.GetProperty("startedHere").GetBoolean().ShouldBeFalse();
        $"127.0.0.1:{report.GetProperty("port").GetInt32()}".ShouldBe(address);
        (await server.Http.GetAsync("/health", TestContext.Current.CancellationToken)).IsSuccessStatusCode.ShouldBeTrue("the verb must not stop serve's cluster");
    }

    [Fact]
    public async Task Data_survives_a_restart_of_serve()
    {
        await using (var server = VipServer.Start(_dataDir))
        {
            await server.WaitUntilHealthyAsync();
        }

        var secret = await File.ReadAllTextAsync(Path.Combine(_dataDir, "postgres.secret"), TestContext.Current.CancellationToken);
        var version = await File.ReadAllTextAsync(Path.Combine(_dataDir, "postgres", "PG_VERSION"), TestContext.Current.CancellationToken);

        await using var again = VipServer.Start(_dataDir);
        (await again.WaitUntilHealthyAsync()).GetProperty("status").GetString().ShouldBe("healthy");
        (await File.ReadAllTextAsync(Path.Combine(_dataDir, "postgres.secret"), TestContext.Current.CancellationToken)).ShouldBe(secret, "the cluster is reused, not recreated");
        (await File.ReadAllTextAsync(Path.Combine(_dataDir, "postgres", "PG_VERSION"), TestContext.Current.CancellationToken)).ShouldBe(version);
    }

    [Fact]
    public async Task A_port_in_use_is_one_clear_line_and_exit_code_1()
    {
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;

        var run = await VipCli.RunAsync(["serve", "--data-dir", _dataDir, "--urls", $"http://127.0.0.1:{port}"]);

        run.ExitCode.ShouldBe(1);
        run.StandardError.ShouldContain("already in use");
        run.StandardError.ShouldNotContain("   at ");
        ClusterProbe.RunningPort(_dataDir).ShouldBeNull("a failed start leaves no server behind");
    }

    public void Dispose() => ClusterProbe.Delete(_dataDir);
}
