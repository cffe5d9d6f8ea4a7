using System.CommandLine;
using Microsoft.AspNetCore.Connections;
using VipAgent.Host.Apps.Bundled;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Host.Scheduling;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Serve;

/// <summary>`vip serve`: the long-running service: health, and the Quartz scheduler that runs executions (web UI, REST and MCP join it in later issues).</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(GlobalOptions globals)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Address(es) to listen on, separated by ';'. Default: {DefaultUrls}.",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Run the VipAgent service: GET /health now; web UI, REST, MCP and scheduling as they land.") { urls };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(urls) ?? DefaultUrls, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string urls, CancellationToken ct)
    {
        ValidateUrls(urls);
        var folder = DataFolder.Open(settings.DataDir);
        using var serveLock = ServeLock.Acquire(folder);
        await using var app = ServiceApp.Build(settings, urls);
        var status = app.Services.GetRequiredService<DatabaseStatus>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("vip.serve");

        var database = DatabaseLease.OpenAsync(settings, logger, ct);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await ReleaseQuietlyAsync(database);
            throw new VipException("VIP1011", $"Cannot listen on {urls}: the address is already in use. Stop the program using it, or pass --urls http://127.0.0.1:OTHER-PORT.");
        }

        DatabaseLease lease;
        try
        {
            lease = await database;
        }
        catch (Exception e)
        {
            status.Failed(e.Message);
            await app.StopAsync(CancellationToken.None);
            throw;
        }

        await using (lease)
        {
            status.Ready(lease);
            serveLock.Publish(urls);
            logger.LogInformation("VipAgent listening on {Urls}, data folder {DataFolder}", urls, settings.DataDir);
            await using var scheduler = await StartSchedulerAsync(settings, lease, app.Services.GetRequiredService<ILoggerFactory>(), logger, ct);
            if (scheduler is not null)
            {
                app.Services.GetRequiredService<Mcp.RegistryGate>().Open(scheduler.Services);
            }

            await app.WaitForShutdownAsync(ct);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Starts the scheduler and imports the bundled applications; null when the service is asked to stop meanwhile
    /// (SIGTERM during startup is a clean stop, not a failure).
    /// </summary>
    private static async Task<SchedulerService?> StartSchedulerAsync(
        HostSettings settings, DatabaseLease lease, ILoggerFactory loggers, ILogger logger, CancellationToken ct)
    {
        SchedulerService? scheduler = null;
        try
        {
            scheduler = await SchedulerService.StartAsync(settings, lease.ConnectionString, loggers, ct);
            logger.LogInformation("Scheduler started: dispatch, monitor and collect every {Tick}", SchedulerService.Tick(settings));
            if (BundledApplications.IsEnabled(settings.Configuration))
            {
                await BundledApplications.ImportMissingAsync(scheduler.Get<ApplicationCatalog>(), scheduler.Get<ApplicationImporter>(), logger, ct);
            }

            return scheduler;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (scheduler is not null)
            {
                await scheduler.DisposeAsync();
            }

            return null;
        }
    }

    private static void ValidateUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw VipException.InvalidInput("VIP1012", $"--urls: '{url}' is not an http(s) address such as {DefaultUrls}.");
            }
        }
    }

    private static async Task ReleaseQuietlyAsync(Task<DatabaseLease> database)
    {
        try
        {
            await (await database).DisposeAsync();
        }
        catch (VipException)
        {
            // the listening error is the one to report
        }
    }
}
