using VipAgent.Testing;
using VipAgent.Testing.DiracX;

namespace VipAgent.Host.Tests.Dirac;

public sealed class DiracLoginTests : IAsyncLifetime
{
    private readonly string _dataDir = VipCli.NewDataDir();
    private DiracXServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Dictionary<string, string> Settings => new()
    {
        ["VipAgent__Dirac__Url"] = _server.Url.AbsoluteUri,
        ["VipAgent__Dirac__Vo"] = _server.Options.Vo,
        ["VipAgent__Dirac__Group"] = _server.Options.Group,
    };

    public async ValueTask InitializeAsync() => _server = await DiracXServer.StartAsync(new DiracXServerOptions { TickInterval = null }, Token);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Login_prints_the_code_waits_for_approval_and_stores_the_tokens_owner_only()
    {
        using var process = VipCli.Start(["dirac", "login", "--poll-seconds", "0.1", "--data-dir", _dataDir], Settings);
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? code;
        while ((code = _server.Tokens.PendingUserCodes.FirstOrDefault()) is null && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Token);
        }

        code.ShouldNotBeNull("vip dirac login did not start a device login: " + (process.HasExited ? await stderr : "still running"));
        await Task.Delay(300, Token);
        process.HasExited.ShouldBeFalse("login must wait until the person approves");
        _server.ApproveDevice(code).ShouldBeTrue();
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);
        }

        var printed = await stdout;
        (await stderr).ShouldBeEmpty();
        printed.ShouldContain("Open " + _server.Url.AbsoluteUri + "api/auth/device?user_code=" + code);
        printed.ShouldContain("type the code " + code);
        process.ExitCode.ShouldBe(0);
        printed.ShouldContain("Logged in to");
        var file = Path.Combine(_dataDir, "dirac", "tokens.json");
        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var stored = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        printed.ShouldNotContain(stored.GetProperty("refresh_token").GetString()!);

        var status = await VipCli.RunAsync(["dirac", "status", "--data-dir", _dataDir], Settings);
        status.ExitCode.ShouldBe(0);
        status.StandardOutput.ShouldContain("Logged in to");
        status.StandardOutput.ShouldNotContain(stored.GetProperty("access_token").GetString()!);
    }

    [Fact]
    public async Task Status_without_a_login_says_to_log_in_with_exit_code_1()
    {
        var run = await VipCli.RunAsync(["dirac", "status", "--data-dir", _dataDir], Settings);

        run.ExitCode.ShouldBe(1);
        run.StandardOutput.ShouldContain("vip dirac login");
    }

    [Fact]
    public async Task Missing_settings_are_named_with_exit_code_2()
    {
        var run = await VipCli.RunAsync(["dirac", "login", "--data-dir", _dataDir]);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("VipAgent:Dirac:Url");
        run.StandardError.ShouldNotContain("   at ");
    }
}
