using VipAgent.Host.Cli;

namespace VipAgent.Host.Mcp;

/// <summary>Streamable HTTP MCP at <c>/mcp</c> on `vip serve`, behind API keys.</summary>
internal static class McpHttpEndpoint
{
    public const string Path = "/mcp";

    public static IServiceCollection AddVipMcpHttp(this IServiceCollection services, HostSettings settings)
    {
        RegistryGate.AddTo(services);
        services.AddVipMcp(settings).WithHttpTransport(o => o.Stateless = true);
        return services;
    }

    public static WebApplication MapVipMcp(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), b => b.UseMiddleware<ApiKeyAuthentication>());
        app.MapMcp(Path);
        return app;
    }
}
