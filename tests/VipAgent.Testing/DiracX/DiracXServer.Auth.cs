using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace VipAgent.Testing.DiracX;

/// <summary>The auth routes: device flow start, token endpoint (device code and refresh grants), userinfo.</summary>
public sealed partial class DiracXServer
{
    /// <summary>The only client id the double accepts (DiracX's default public client).</summary>
    public const string ClientId = "myDIRACClientID";

    private void MapAuth(WebApplication app)
    {
        app.MapPost("/api/auth/device", async context =>
        {
            if (context.Request.HasFormContentType || context.Request.ContentLength > 0)
            {
                await Detail(context, 422, "client_id and scope are query parameters, not a body");
                return;
            }

            var clientId = context.Request.Query["client_id"].ToString();
            var scope = context.Request.Query["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (clientId != ClientId)
            {
                await Detail(context, 400, "Unrecognised client_id");
                return;
            }

            if (!scope.Contains("vo:" + Options.Vo) || scope.Any(s => s.StartsWith("group:", StringComparison.Ordinal) && s != "group:" + Options.Group))
            {
                await Detail(context, 400, $"Scope must hold vo:{Options.Vo} and at most group:{Options.Group}");
                return;
            }

            var (userCode, deviceCode) = Tokens.StartDevice(Options.User, TimeSpan.FromMinutes(10));
            var verify = new Uri(Url, "/api/auth/device").AbsoluteUri;
            await WriteAsync(context, 200, new
            {
                user_code = userCode,
                device_code = deviceCode,
                verification_uri_complete = verify + "?user_code=" + userCode,
                verification_uri = verify,
                expires_in = 600,
            });
        });

        app.MapPost("/api/auth/token", async context =>
        {
            if (!context.Request.HasFormContentType
                || !context.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                await Detail(context, 422, "The token endpoint takes application/x-www-form-urlencoded");
                return;
            }

            var form = await context.Request.ReadFormAsync();
            if (form["client_id"] != ClientId)
            {
                await WriteAsync(context, 400, new { error = "invalid_client" });
                return;
            }

            (string Access, string Refresh, int ExpiresIn)? tokens;
            string error;
            switch (form["grant_type"].ToString())
            {
                case "urn:ietf:params:oauth:grant-type:device_code":
                    tokens = Tokens.RedeemDevice(form["device_code"].ToString(), out error);
                    if (tokens is null)
                    {
                        await WriteAsync(context, 400, new { error });
                        return;
                    }

                    break;
                case "refresh_token":
                    tokens = Tokens.Refresh(form["refresh_token"].ToString(), out error);
                    if (tokens is null)
                    {
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await Detail(context, 401, error);
                        return;
                    }

                    break;
                default:
                    await Detail(context, 400, "Unsupported grant_type (device_code, authorization_code, refresh_token)");
                    return;
            }

            await WriteAsync(context, 200, new
            {
                access_token = tokens.Value.Access,
                expires_in = tokens.Value.ExpiresIn,
                token_type = "Bearer",
                refresh_token = tokens.Value.Refresh,
            });
        });

        app.MapGet("/api/auth/userinfo", context => WriteAsync(context, 200, new
        {
            sub = Options.Vo + ":" + User(context),
            vo = Options.Vo,
            dirac_group = Options.Group,
            properties = new[] { "NormalUser" },
            preferred_username = User(context),
        }));
    }
}
