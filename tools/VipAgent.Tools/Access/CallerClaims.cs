using System.Security.Claims;
using ModelContextProtocol;

namespace VipAgent.Tools.Access;

/// <summary>
/// The caller of a request: the user and role an API key authenticated (claims set by the HTTP endpoint), or,
/// where no one authenticated (stdio), the <see cref="LocalCaller"/> registered by `vip mcp`.
/// </summary>
public sealed class CallerClaims(LocalCaller? local = null)
{
    /// <summary>The claim holding the role name (researcher, auditor, admin).</summary>
    public const string RoleClaim = "vip:role";

    /// <summary>The authentication type of principals made from an API key.</summary>
    public const string AuthenticationType = "vip-api-key";

    /// <summary>A principal for <paramref name="user"/> in <paramref name="role"/>, as the HTTP endpoint sets it.</summary>
    public static ClaimsPrincipal Principal(string user, CallerRole role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user), new Claim(RoleClaim, role.ToString().ToLowerInvariant())], AuthenticationType));

    /// <summary>The caller of a request made by <paramref name="principal"/> (null over stdio).</summary>
    public Caller Resolve(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is { IsAuthenticated: true } identity
            && identity.Name is { Length: > 0 } name
            && Enum.TryParse<CallerRole>(principal.FindFirst(RoleClaim)?.Value, ignoreCase: true, out var role))
        {
            return new Caller(name, role);
        }

        return local?.Caller ?? throw new McpException("This request carries no valid API key: send 'Authorization: Bearer KEY' (create one with 'vip keys create').");
    }
}

/// <summary>The user `vip mcp` runs as over stdio (the local account that started it), with admin rights on this machine.</summary>
public sealed record LocalCaller(Caller Caller)
{
    public static LocalCaller ForCurrentUser() => new(new Caller(Environment.UserName, CallerRole.Admin));
}
