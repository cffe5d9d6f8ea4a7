using System.Net;
using System.Net.Http.Json;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// Hands out a valid DiracX access token: the stored one while it lasts, else a refreshed one. Every refresh rotates
/// the refresh token (DiracX revokes the old one), so the new pair is written to the token file before it is used.
/// Tokens never appear in messages or logs.
/// </summary>
public sealed class DiracTokenSource
{
    private readonly DiracTokenFile _file;
    private readonly DiracOptions _options;
    private readonly TimeProvider _time;
    private readonly DiracHttp _http;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DiracTokens? _current;

    internal DiracTokenSource(DiracTokenFile file, DiracOptions options, DiracHttp http, TimeProvider time)
    {
        _file = file;
        _options = options;
        _http = http;
        _time = time;
    }

    /// <summary>How many refreshes this source made (tests and benchmarks).</summary>
    public int RefreshCount { get; private set; }

    /// <summary>A token valid for at least the refresh margin.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && current.AccessExpiresAt - _time.GetUtcNow() > _options.RefreshMargin)
        {
            return current.AccessToken;
        }

        return await RefreshAsync(current?.AccessToken, cancellationToken);
    }

    /// <summary>
    /// Refreshes after DiracX refused <paramref name="rejected"/> (or it is about to expire). When another caller or
    /// process already rotated the tokens, their result is taken instead of refreshing again.
    /// </summary>
    public async Task<string> RefreshAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stored = _file.Read() ?? throw new DiracAuthenticationException(
                $"VipAgent is not logged in to DiracX {_options.Url}: run 'vip dirac login' once.");
            var now = _time.GetUtcNow();
            if (stored.AccessToken != rejected && stored.AccessExpiresAt - now > _options.RefreshMargin)
            {
                _current = stored;
                return stored.AccessToken;
            }

            if (stored.SessionExpiresAt is { } end && end <= now)
            {
                throw new DiracAuthenticationException(
                    $"The DiracX session ended at {end:u} (refresh tokens cannot be extended): run 'vip dirac login' again.");
            }

            using var response = await _http.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, "api/auth/token")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "refresh_token",
                        ["refresh_token"] = stored.RefreshToken,
                        ["client_id"] = _options.ClientId,
                    }),
                },
                "Refreshing the DiracX token",
                cancellationToken);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var detail = await DiracHttp.DetailAsync(response, cancellationToken);
                throw new DiracAuthenticationException(
                    $"DiracX refused to refresh the session ({(int)response.StatusCode}: {detail}): run 'vip dirac login' again.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await DiracHttp.FailureAsync(response, "Refreshing the DiracX token", cancellationToken);
            }

            var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(DiracHttp.Json, cancellationToken)
                ?? throw new DiracApiException("Refreshing the DiracX token: empty answer.");
            var tokens = DiracTokens.From(answer, _time.GetUtcNow());
            _file.Write(tokens);
            _current = tokens;
            RefreshCount++;
            return tokens.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }
}
