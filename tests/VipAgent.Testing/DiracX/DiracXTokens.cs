using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Testing.DiracX;

/// <summary>
/// The contract server's token authority: JWT-shaped tokens (HS256 with a per-server key, not DiracX's RS256/EdDSA),
/// access tokens with an expiry, refresh tokens rotated on each use (the new one keeps the old one's remaining
/// lifetime; reusing a revoked one revokes every refresh token of the user), and the device flow.
/// </summary>
public sealed class DiracXTokens(TimeProvider time, TimeSpan accessLifetime, TimeSpan refreshLifetime)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _lock = new();
    private readonly HashSet<string> _liveRefresh = [];
    private readonly HashSet<string> _revokedRefresh = [];
    private readonly Dictionary<string, Device> _devices = [];
    private long _issued;
    private long _expiredUpTo;

    /// <summary>How many refresh grants were honoured.</summary>
    public int Refreshes { get; private set; }

    /// <summary>How many refresh attempts used an already rotated token.</summary>
    public int ReusedRefreshTokens { get; private set; }

    /// <summary>Makes every access token issued so far count as expired (the server's "expired token" fault).</summary>
    public void ExpireAccessTokens()
    {
        lock (_lock)
        {
            _expiredUpTo = Interlocked.Read(ref _issued);
        }
    }

    /// <summary>A fresh session, as after a login: (access token, refresh token, seconds the access token lasts).</summary>
    public (string Access, string Refresh, int ExpiresIn) Issue(string user)
    {
        lock (_lock)
        {
            var refresh = Sign("refresh", user, time.GetUtcNow() + refreshLifetime, out var jti);
            _liveRefresh.Add(jti);
            return (Sign("access", user, time.GetUtcNow() + accessLifetime, out _), refresh, (int)accessLifetime.TotalSeconds);
        }
    }

    /// <summary>The user of a valid access token, or null with the reason.</summary>
    public string? ValidateAccess(string token, out string reason)
    {
        var claims = Verify(token, "access", out reason);
        if (claims is null)
        {
            return null;
        }

        lock (_lock)
        {
            if ((long)claims["seq"]! <= _expiredUpTo)
            {
                reason = "Token expired";
                return null;
            }
        }

        return (string?)claims["preferred_username"];
    }

    /// <summary>Rotates a refresh token; null with an OAuth error when it is invalid, expired or reused.</summary>
    public (string Access, string Refresh, int ExpiresIn)? Refresh(string token, out string error)
    {
        var claims = Verify(token, "refresh", out error);
        if (claims is null)
        {
            return null;
        }

        var jti = (string)claims["jti"]!;
        var user = (string)claims["preferred_username"]!;
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]!);
        lock (_lock)
        {
            if (!_liveRefresh.Remove(jti))
            {
                ReusedRefreshTokens++;
                if (_revokedRefresh.Contains(jti))
                {
                    _liveRefresh.Clear(); // reuse of a rotated token: every session of the user is revoked
                }

                error = "Revoked refresh token reused: all refresh tokens of the user are revoked";
                return null;
            }

            _revokedRefresh.Add(jti);
            var refresh = Sign("refresh", user, expires, out var next);
            _liveRefresh.Add(next);
            Refreshes++;
            return (Sign("access", user, time.GetUtcNow() + accessLifetime, out _), refresh, (int)accessLifetime.TotalSeconds);
        }
    }

    /// <summary>Starts a device login: (user code, device code).</summary>
    public (string UserCode, string DeviceCode) StartDevice(string user, TimeSpan lifetime)
    {
        var userCode = Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var deviceCode = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_lock)
        {
            _devices[deviceCode] = new Device(userCode, user, time.GetUtcNow() + lifetime);
        }

        return (userCode, deviceCode);
    }

    /// <summary>The user codes of device logins waiting for approval.</summary>
    public IReadOnlyList<string> PendingUserCodes
    {
        get
        {
            lock (_lock)
            {
                return [.. _devices.Values.Where(d => !d.Approved).Select(d => d.UserCode)];
            }
        }
    }

    /// <summary>What a person does in the browser: approves the login holding <paramref name="userCode"/>.</summary>
    public bool Approve(string userCode)
    {
        lock (_lock)
        {
            var device = _devices.Values.FirstOrDefault(d => d.UserCode == userCode);
            if (device is null)
            {
                return false;
            }

            device.Approved = true;
            return true;
        }
    }

    /// <summary>The device grant: tokens once approved; else an OAuth error (<c>authorization_pending</c>, …).</summary>
    public (string Access, string Refresh, int ExpiresIn)? RedeemDevice(string deviceCode, out string error)
    {
        string user;
        lock (_lock)
        {
            if (!_devices.TryGetValue(deviceCode, out var device))
            {
                error = "invalid_grant";
                return null;
            }

            if (device.Expires <= time.GetUtcNow())
            {
                _devices.Remove(deviceCode);
                error = "expired_token";
                return null;
            }

            if (!device.Approved)
            {
                error = "authorization_pending";
                return null;
            }

            _devices.Remove(deviceCode);
            user = device.User;
        }

        error = "";
        return Issue(user);
    }

    private string Sign(string kind, string user, DateTimeOffset expires, out string jti)
    {
        jti = Guid.NewGuid().ToString();
        var payload = new JsonObject
        {
            ["jti"] = jti,
            ["kind"] = kind,
            ["iat"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["seq"] = Interlocked.Increment(ref _issued),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["preferred_username"] = user,
        };
        var head = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8.ToArray()) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return head + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(head)));
    }

    private JsonObject? Verify(string token, string kind, out string reason)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(parts[2]), Encoding.ASCII.GetBytes(Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]))))))
        {
            reason = "Invalid JWT";
            return null;
        }

        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
        if ((string?)claims["kind"] != kind)
        {
            reason = $"Not an {kind} token";
            return null;
        }

        if (DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]!) <= time.GetUtcNow())
        {
            reason = "Token expired";
            return null;
        }

        reason = "";
        return claims;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private sealed class Device(string userCode, string user, DateTimeOffset expires)
    {
        public string UserCode { get; } = userCode;

        public string User { get; } = user;

        public DateTimeOffset Expires { get; } = expires;

        public bool Approved { get; set; }
    }
}
