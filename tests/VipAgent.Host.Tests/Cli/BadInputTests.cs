using VipAgent.Host.Tests.Database;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Cli;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dataDir = VipCli.NewDataDir();

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("serve", "--no-such-option")]
    [InlineData("db", "info", "--colour")]
    public async Task Unknown_verbs_and_options_are_named_with_exit_code_2(params string[] arguments)
    {
        var run = await VipCli.RunAsync(arguments);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain($"'{arguments[^1]}'");
        run.StandardError.ShouldContain("vip --help");
        run.StandardError.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Help_lists_the_verbs_with_their_descriptions()
    {
        var run = await VipCli.RunAsync(["--help"]);

        run.ExitCode.ShouldBe(0);
        run.StandardOutput.ShouldContain("serve");
        run.StandardOutput.ShouldContain("--data-dir");
        run.StandardOutput.ShouldContain("--connection");
    }

    [Fact]
    public async Task A_data_folder_that_is_a_file_is_refused_with_exit_code_2()
    {
        var file = Path.GetTempFileName();
        try
        {
            var run = await VipCli.RunAsync(["db", "info", "--data-dir", file]);

            run.ExitCode.ShouldBe(2);
            run.StandardError.ShouldContain(file);
            run.StandardError.ShouldContain("not usable");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_data_folder_with_shell_characters_is_refused_before_anything_runs()
    {
        var run = await VipCli.RunAsync(["db", "info", "--data-dir", _dataDir + "$(touch pwned)"]);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("--data-dir");
        Directory.Exists(_dataDir + "$(touch pwned)").ShouldBeFalse();
    }

    [Fact]
    public async Task A_missing_postgresql_installation_says_how_to_install_it_or_use_a_server()
    {
        var run = await VipCli.RunAsync(["db", "info", "--data-dir", _dataDir],
            new Dictionary<string, string> { ["VIPAGENT_POSTGRES_BIN"] = "/nonexistent/bin" });

        run.ExitCode.ShouldBe(1);
        run.StandardError.ShouldContain("apt-get install postgresql");
        run.StandardError.ShouldContain("--connection");
        run.StandardError.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_invalid_input()
    {
        var run = await VipCli.RunAsync(["db", "info", "--connection", "this is not a connection string"]);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("connection string is not valid");
    }

    [Fact]
    public async Task A_connection_string_that_does_not_connect_fails_with_exit_code_1_and_names_the_server()
    {
        var port = VipCli.FreePort();
        var run = await VipCli.RunAsync(["db", "info", "--connection", $"Host=127.0.0.1;Port={port};Username=x;Password=y;Database=z;Timeout=3"]);

        run.ExitCode.ShouldBe(1);
        run.StandardError.ShouldContain($"127.0.0.1:{port}");
        run.StandardError.ShouldNotContain("Password=y");
        Directory.Exists(_dataDir).ShouldBeFalse();
    }

    [Fact]
    public async Task A_verb_run_alone_starts_the_cluster_and_stops_it_when_done()
    {
        var run = await VipCli.RunAsync(["db", "info", "--json", "--data-dir", _dataDir]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldContain("\"startedHere\":true");
        ClusterProbe.RunningPort(_dataDir).ShouldBeNull();
    }

    public void Dispose() => ClusterProbe.Delete(_dataDir);
}
