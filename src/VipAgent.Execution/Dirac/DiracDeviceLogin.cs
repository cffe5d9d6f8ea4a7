using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace VipAgent.Execution.Dirac;

/// <summary>What DiracX answers when a device login starts: the code a person types at the URL.</summary>
public sealed record DeviceAuthorization(
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("verification_uri_complete")] string VerificationUriComplete,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("expires_in")] int ExpiresIn)
{
    /// <summary>Never shows the device code (a secret).</summary>
    public override string ToString() => $"DeviceAuthorization(user code {UserCode}, {VerificationUri})";
}

/// <summary>
/// The OAuth device flow against DiracX (<c>POST /api/auth/device</c> then polling <c>POST /api/auth/token</c>):
/// what <c>vip dirac login</c> runs once so the service can then refresh on its own.
/// </summary>
public sealed class DiracDeviceLogin
{
    private readonly HttpClient _http;
    private readonly DiracOptions _options;
    private readonly TimeProvider _time;

    public DiracDeviceLogin(HttpClient http, DiracOptions options, TimeProvider time)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _http.BaseAddress ??= DiracBackend.ApiBase(options.Url);
    }

    /// <summary>Starts a login; show <see cref="DeviceAuthorization.VerificationUriComplete"/> and the user code to a person.</summary>
    public async Task<DeviceAuthorization> StartAsync(CancellationToken cancellationToken)
    {
        var query = $"api/auth/device?client_id={Uri.EscapeDataString(_options.ClientId)}&scope={Uri.EscapeDataString(_options.Scope)}";
        using var response = await _http.PostAsync(query, content: null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await DiracHttp.FailureAsync(response, "Starting the DiracX device login", cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<DeviceAuthorization>(DiracHttp.Json, cancellationToken)
            ?? throw new DiracApiException("Starting the DiracX device login: empty answer.");
    }

    /// <summary>
    /// Polls until the person approved (returns the tokens, already stored in <paramref name="file"/>), the code
    /// expired or was refused (<see cref="DiracAuthenticationException"/>).
    /// </summary>
    public async Task<DiracTokens> WaitAsync(
        DeviceAuthorization device, DiracTokenFile file, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(file);
        var deadline = _time.GetUtcNow().AddSeconds(device.ExpiresIn);
        while (_time.GetUtcNow() < deadline)
        {
            using var response = await _http.PostAsync("api/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                ["device_code"] = device.DeviceCode,
                ["client_id"] = _options.ClientId,
            }), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(DiracHttp.Json, cancellationToken)
                    ?? throw new DiracApiException("DiracX device login: empty token answer.");
                var tokens = DiracTokens.From(answer, _time.GetUtcNow());
                file.Write(tokens);
                return tokens;
            }

            var detail = await DiracHttp.DetailAsync(response, cancellationToken);
            var pending = response.StatusCode == HttpStatusCode.BadRequest && detail is "authorization_pending" or "slow_down";
            if (!pending && !DiracHttp.IsTransient(response.StatusCode))
            {
                throw new DiracAuthenticationException($"DiracX refused the device login ({(int)response.StatusCode}: {detail}).");
            }

            await Task.Delay(interval, _time, cancellationToken);
        }

        throw new DiracAuthenticationException("The DiracX login code expired before anyone approved it: run 'vip dirac login' again.");
    }
}
