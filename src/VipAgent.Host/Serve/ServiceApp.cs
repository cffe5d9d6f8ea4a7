using VipAgent.Host.Cli;
using VipAgent.Host.Mcp;

namespace VipAgent.Host.Serve;

/// <summary>The composition root of `vip serve`: services, logging and endpoints.</summary>
public static class ServiceApp
{
    public static WebApplication Build(HostSettings settings, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.WebHost.UseUrls(urls);
        if (builder.Configuration["Logging:Console:FormatterName"] == "json")
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O"); // one JSON object per line, for log collectors
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            });
        }

        // Two console lines per request (ASP.NET Core's request start/finish, the MCP SDK's per-message logs) cost more than
        // a read-only MCP call under load; configuration (Logging:LogLevel:Microsoft.AspNetCore=Information) turns them back on.
        foreach (var chatty in new[] { "Microsoft.AspNetCore", "ModelContextProtocol" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{chatty}"] is null)
            {
                builder.Logging.AddFilter(chatty, LogLevel.Warning);
            }
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<DatabaseStatus>();
        builder.Services.AddVipMcpHttp(settings);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthApi();
        app.MapVipMcp();
        return app;
    }
}
