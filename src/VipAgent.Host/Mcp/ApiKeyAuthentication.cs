using VipAgent.Tools.Access;

namespace VipAgent.Host.Mcp;

/// <summary>
/// Every request to /mcp must carry a valid API key, as <c>Authorization: Bearer KEY</c> or VIP's <c>apikey: KEY</c>
/// header: the key's user and role become the request's user; otherwise 401. Failures are logged without the key.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, RegistryGate gate, ILogger<ApiKeyAuthentication> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!gate.IsOpen)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "The registry is starting; retry in a few seconds.");
            return;
        }

        var key = KeyOf(context.Request);
        if (key is null)
        {
            logger.LogWarning("MCP request refused from {Remote}: no API key", context.Connection.RemoteIpAddress);
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Send an API key as 'Authorization: Bearer KEY' or 'apikey: KEY' (create one with 'vip keys create --user NAME --role researcher').");
            return;
        }

        var found = await context.RequestServices.GetRequiredService<ApiKeyStore>().AuthenticateAsync(key, context.RequestAborted);
        if (found is null)
        {
            logger.LogWarning("MCP request refused from {Remote}: unknown or revoked API key", context.Connection.RemoteIpAddress);
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "The API key is unknown or revoked. Ask an admin for a new one ('vip keys create').");
            return;
        }

        context.User = CallerClaims.Principal(found.User, found.Role);
        await next(context);
    }

    private static string? KeyOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization[7..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        return request.Headers["apikey"].ToString().Trim() is { Length: > 0 } header ? header : null;
    }

    private static async Task RefuseAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"vipagent\"";
        }

        await context.Response.WriteAsJsonAsync(new { title = status == 401 ? "Unauthorized" : "Service Unavailable", status, detail });
    }
}
