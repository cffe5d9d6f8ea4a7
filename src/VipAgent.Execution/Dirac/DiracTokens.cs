using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// The tokens DiracX gave after a login or a refresh, as stored in the token file (the fields DiracX's own client
/// writes: <c>access_token</c>, <c>refresh_token</c>, <c>expires_on</c> in epoch seconds).
/// </summary>
public sealed record DiracTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_on")] long ExpiresOn)
{
    /// <summary>When the access token expires.</summary>
    [JsonIgnore]
    public DateTimeOffset AccessExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresOn);

    /// <summary>When the refresh token (the whole session) expires, read from its JWT <c>exp</c>; null when it is not a JWT.</summary>
    [JsonIgnore]
    public DateTimeOffset? SessionExpiresAt => JwtExpiry(RefreshToken);

    /// <summary>What the token endpoint answered, turned into tokens to store.</summary>
    internal static DiracTokens From(TokenResponse response, DateTimeOffset now) =>
        new(response.AccessToken, response.RefreshToken ?? throw new DiracAuthenticationException(
            "DiracX returned no refresh token: VipAgent cannot keep the session alive."), now.AddSeconds(response.ExpiresIn).ToUnixTimeSeconds());

    /// <summary>A readable form that never shows a token.</summary>
    public override string ToString() =>
        $"DiracTokens(access expires {AccessExpiresAt:u}, session expires {SessionExpiresAt?.ToString("u") ?? "unknown"})";

    private static DateTimeOffset? JwtExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>The token endpoint's answer (RFC 6749).</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken);
