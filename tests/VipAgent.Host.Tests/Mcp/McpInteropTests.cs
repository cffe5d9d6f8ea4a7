using System.Diagnostics;
using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>
/// Clients we did not write: the official TypeScript SDK (@modelcontextprotocol/sdk 1.32.2) drives `vip mcp` over stdio
/// and `vip serve` over HTTP from a goal to verified results, and the MCP Inspector CLI (2.12.0) lists tools and calls one
/// on both. Skips, saying why, when Node.js or npm is absent or the npm registry cannot be reached.
/// </summary>
public sealed class McpInteropTests : IAsyncLifetime
{
    private const string Goal = "copy the scan with label copied";
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-mcpinterop-").FullName;
    private string _npm = "";
    private string _dataDir = "";
    private string _scan = "";

    public async ValueTask InitializeAsync()
    {
        _npm = await NodePackages.InstallAsync();
        _dataDir = Path.Combine(_folder, "data");
        var apps = Path.Combine(_folder, "apps");
        Directory.CreateDirectory(apps);
        await File.WriteAllTextAsync(Path.Combine(apps, "copy.json"), RecordedExecutions.CopyDescriptor);
        var import = await VipCli.RunAsync(["apps", "import", apps, "--data-dir", _dataDir]);
        import.ExitCode.ShouldBe(0, import.StandardError);
        _scan = Path.Combine(_folder, "scan.txt");
        await File.WriteAllTextAsync(_scan, "voxels\n");
    }

    [Fact]
    public async Task The_typescript_sdk_goes_from_a_goal_to_verified_results_over_stdio()
    {
        var run = await NodeAsync(Path.Combine(_npm, "drive.mjs"), "stdio", Path.Combine(VipCli.BinaryFolder, "vip"), _dataDir, Goal, _scan);

        Verified(run);
    }

    [Fact]
    public async Task The_typescript_sdk_goes_from_a_goal_to_verified_results_over_http_with_a_key()
    {
        await using var server = VipServer.Start(_dataDir);
        await server.WaitUntilHealthyAsync();
        var key = await KeyAsync();

        var run = await NodeAsync(Path.Combine(_npm, "drive.mjs"), "http", $"{server.Url}/mcp", key, Goal, _scan);

        Verified(run);
    }

    [Fact]
    public async Task The_inspector_cli_lists_tools_and_calls_one_over_stdio_and_http()
    {
        var inspector = Path.Combine(_npm, "node_modules", ".bin", "mcp-inspector");
        var vip = Path.Combine(VipCli.BinaryFolder, "vip");
        var stdioList = await RunAsync(inspector, ["--cli", vip, "mcp", "--data-dir", _dataDir, "--method", "tools/list"]);
        var stdioCall = await RunAsync(inspector, ["--cli", vip, "mcp", "--data-dir", _dataDir, "--method", "tools/call", "--tool-name", "search_applications", "--tool-arg", "query=scan"]);
        await using var server = VipServer.Start(_dataDir);
        await server.WaitUntilHealthyAsync();
        var key = await KeyAsync();
        var header = $"Authorization: Bearer {key}";
        var httpList = await RunAsync(inspector, ["--cli", $"{server.Url}/mcp", "--transport", "http", "--header", header, "--method", "tools/list"]);
        var httpCall = await RunAsync(inspector, ["--cli", $"{server.Url}/mcp", "--transport", "http", "--header", header, "--method", "tools/call", "--tool-name", "get_application", "--tool-arg", "name=copy"]);
        var refused = await RunAsync(inspector, ["--cli", $"{server.Url}/mcp", "--transport", "http", "--method", "tools/list"]);

        foreach (var list in new[] { stdioList, httpList })
        {
            list.ExitCode.ShouldBe(0, list.Output);
            list.Output.ShouldContain("\"plan_experiment\"");
            list.Output.ShouldContain("\"export_provenance\"");
        }

        stdioCall.ExitCode.ShouldBe(0, stdioCall.Output);
        stdioCall.Output.ShouldContain("copy");
        httpCall.ExitCode.ShouldBe(0, httpCall.Output);
        httpCall.Output.ShouldContain("vip://applications/copy/1.0");
        refused.ExitCode.ShouldNotBe(0, refused.Output);
    }

    private static void Verified((int ExitCode, string Output) run)
    {
        run.ExitCode.ShouldBe(0, run.Output);
        var line = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var seen = JsonDocument.Parse(line).RootElement;
        seen.GetProperty("tools").GetArrayLength().ShouldBe(12);
        seen.GetProperty("application").GetString().ShouldBe("copy");
        seen.GetProperty("approved").GetString().ShouldBe("approved");
        seen.GetProperty("status").GetString().ShouldBe("completed", run.Output);
        seen.GetProperty("outputs").GetInt32().ShouldBe(1);
        seen.GetProperty("clean").GetBoolean().ShouldBeTrue();
    }

    private async Task<string> KeyAsync()
    {
        var created = await VipCli.RunAsync(["keys", "create", "--user", "interop", "--role", "researcher", "--json", "--data-dir", _dataDir]);
        created.ExitCode.ShouldBe(0, created.StandardError);
        return JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("key").GetString()!;
    }

    private Task<(int ExitCode, string Output)> NodeAsync(params string[] arguments) => RunAsync("node", arguments);

    private async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _npm };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("VIPAGENT_CONNECTION");
        start.Environment.Remove("VIPAGENT_DATA");
        start.Environment["VIPAGENT_POSTGRES_FAST"] = "1";
        start.Environment["VipAgent__Scheduler__TickMilliseconds"] = "200";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish: {await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + "\n" + await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a process that outlived the test may still hold a file
        }
    }
}
