using System.Diagnostics;
using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Database;

/// <summary>
/// The suite runs as root in CI; researchers run vip as themselves. These tests create an
/// ordinary account and run a copy of the vip binaries as that account.
/// </summary>
public sealed class OrdinaryUserTests : IDisposable
{
    private const string Account = "vipagent-tester";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"vipagent-usertest-{Guid.NewGuid():n}");

    private string DataDir => Path.Combine(_root, "data");

    private string Binaries => Path.Combine(_root, "bin");

    [Fact]
    public async Task An_ordinary_user_gets_a_cluster_of_their_own_that_serve_and_verbs_share()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root to create the test account (as an ordinary user, the rest of the suite already covers this)");
        await PrepareAccountAsync();

        var alone = await VipCli.RunAsync(["db", "info", "--json", "--data-dir", DataDir], asUser: Account, binaryFolder: Binaries);
        alone.ExitCode.ShouldBe(0, alone.StandardError);
        JsonDocument.Parse(alone.StandardOutput).RootElement.GetProperty("startedHere").GetBoolean().ShouldBeTrue();
        (await OwnerOfAsync(Path.Combine(DataDir, "postgres"))).ShouldBe(Account);
        ClusterProbe.RunningPort(DataDir).ShouldBeNull();

        await using var server = VipServer.Start(DataDir, asUser: Account, binaryFolder: Binaries);
        (await server.WaitUntilHealthyAsync()).GetProperty("status").GetString().ShouldBe("healthy");
        var joined = await VipCli.RunAsync(["db", "info", "--json", "--data-dir", DataDir], asUser: Account, binaryFolder: Binaries);
        JsonDocument.Parse(joined.StandardOutput).RootElement.GetProperty("startedHere").GetBoolean().ShouldBeFalse();

        (await server.StopAsync()).ShouldBe(0, server.Output);
        ClusterProbe.RunningPort(DataDir).ShouldBeNull();
    }

    private async Task PrepareAccountAsync()
    {
        await RunAsync("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", Account).ConfigureAwait(false);
        Directory.CreateDirectory(_root);
        await RequireAsync("cp", "-r", VipCli.BinaryFolder, Binaries);
        await RequireAsync("chmod", "-R", "a+rX", _root);
        await RequireAsync("chown", $"{Account}:", _root);
    }

    private static async Task<string> OwnerOfAsync(string path) => (await RunAsync("stat", "-c", "%U", path)).Trim();

    private static async Task RequireAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}");
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    public void Dispose() => ClusterProbe.Delete(_root);
}
