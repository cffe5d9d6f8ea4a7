using System.Net;
using VipAgent.Execution.Dirac;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class DiracTokenTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Device_login_waits_for_approval_then_stores_the_tokens_owner_only()
    {
        await using var grid = await DiracGrid.StartAsync(loggedIn: false);
        using var http = new HttpClient();
        var login = new DiracDeviceLogin(http, grid.Options, TimeProvider.System);

        var device = await login.StartAsync(Token);
        var waiting = login.WaitAsync(device, grid.TokenFile, TimeSpan.FromMilliseconds(20), Token);
        await Task.Delay(100, Token);
        waiting.IsCompleted.ShouldBeFalse();
        grid.Server.ApproveDevice(device.UserCode).ShouldBeTrue();
        var tokens = await waiting;

        device.VerificationUriComplete.ShouldContain(device.UserCode);
        grid.TokenFile.Read().ShouldBe(tokens);
        File.GetUnixFileMode(grid.TokenFile.FilePath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        tokens.ToString().ShouldNotContain(tokens.RefreshToken);
        (await grid.Backend.PollAsync([], Token)).ShouldBeEmpty();
        await grid.Backend.SubmitAsync([grid.Job("after-login", "true")], Token);
        grid.Server.Jobs.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_a_login_calls_fail_with_a_message_saying_to_log_in()
    {
        await using var grid = await DiracGrid.StartAsync(loggedIn: false);

        var error = await Should.ThrowAsync<DiracAuthenticationException>(() => grid.Backend.SubmitAsync([grid.Job("x", "true")], Token));

        error.Message.ShouldContain("vip dirac login");
        grid.Server.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_rotated_refresh_token_is_stored()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        var before = grid.TokenFile.Read()!;
        await grid.Backend.SubmitAsync([grid.Job("one", "true")], Token);
        grid.Server.Tokens.ExpireAccessTokens();

        var handles = await grid.Backend.SubmitAsync([grid.Job("two", "true")], Token);

        handles.Count.ShouldBe(1);
        grid.Server.Tokens.Refreshes.ShouldBe(1);
        grid.Backend.Client.Tokens.RefreshCount.ShouldBe(1);
        var after = grid.TokenFile.Read()!;
        after.RefreshToken.ShouldNotBe(before.RefreshToken);
        after.SessionExpiresAt.ShouldBe(before.SessionExpiresAt);
        grid.Server.Requests.Count(r => r.Status == 401).ShouldBe(1);
        grid.Server.Jobs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_access_token_near_its_end_is_refreshed_before_use()
    {
        await using var grid = await DiracGrid.StartAsync(
            new DiracXServerOptions { TickInterval = null, AccessTokenLifetime = TimeSpan.FromSeconds(30) });

        await grid.Backend.PollAsync([new SubmittedJob("x", "1", grid.Temp.Path, [])], Token);

        grid.Server.Tokens.Refreshes.ShouldBe(1);
        grid.Server.Requests.ShouldNotContain(r => r.Status == 401);
    }

    [Fact]
    public async Task The_server_revokes_every_session_when_a_rotated_refresh_token_is_reused()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        var old = grid.TokenFile.Read()!;
        await grid.Backend.Client.Tokens.RefreshAsync(old.AccessToken, Token);
        var current = grid.TokenFile.Read()!;

        grid.Server.Tokens.Refresh(old.RefreshToken, out var error).ShouldBeNull();

        error.ShouldContain("reused");
        grid.Server.Tokens.Refresh(current.RefreshToken, out _).ShouldBeNull();
    }

    [Fact]
    public async Task A_refused_refresh_asks_for_a_new_login()
    {
        await using var grid = await DiracGrid.StartAsync(new DiracXServerOptions { TickInterval = null });
        var stored = grid.TokenFile.Read()!;
        grid.Server.Tokens.Refresh(stored.RefreshToken, out _).ShouldNotBeNull(); // someone else rotated it away
        grid.Server.Tokens.ExpireAccessTokens();

        var error = await Should.ThrowAsync<DiracAuthenticationException>(
            () => grid.Backend.PollAsync([new SubmittedJob("x", "1", grid.Temp.Path, [])], Token));

        error.Message.ShouldContain("vip dirac login");
        error.Message.ShouldNotContain(stored.RefreshToken);
    }

    [Fact]
    public async Task The_server_refuses_a_missing_or_forged_token()
    {
        await using var grid = await DiracGrid.StartAsync();
        using var http = new HttpClient { BaseAddress = grid.Server.Url };

        using var none = await http.PostAsync("/api/jobs/search", JsonBody("{}"), Token);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/jobs/search") { Content = JsonBody("{}") };
        forged.Headers.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
        using var refused = await http.SendAsync(forged, Token);

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
