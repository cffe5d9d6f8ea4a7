using System.CommandLine;
using Microsoft.Extensions.Logging.Console;
using VipAgent.Host.Apps.Bundled;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Host.Scheduling;
using VipAgent.Registry.Applications;
using VipAgent.Tools.Access;

namespace VipAgent.Host.Mcp;

/// <summary>
/// `vip mcp`: MCP over stdio for an AI assistant that starts vip itself. Logs go to stderr only. It acts as the local
/// user who started it, with admin rights (stdio carries no key). It runs its own scheduler, clustered with any
/// `vip serve` on the same database (executions are leased, so each runs once), so a submitted plan runs even when
/// no service is up; when the assistant closes the pipe, local jobs keep running and the next start or `vip serve` adopts them.
/// </summary>
internal static class McpCommand
{
    /// <summary>How long `vip mcp` waits for a first call that needs the registry before it opens it anyway (to adopt local jobs).</summary>
    public static readonly TimeSpan WarmUpDelay = TimeSpan.FromSeconds(2);

    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("mcp", "Serve MCP over stdio for an AI assistant (logs on stderr); runs as the local user and runs submitted plans itself.");
        command.SetAction((result, ct) => RunAsync(globals.Read(result), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, CancellationToken ct)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = new ConfigurationManager() });
        builder.Configuration.AddConfiguration(settings.Configuration);
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("VIPAGENT_VERBOSE") == "1" ? LogLevel.Debug : LogLevel.Warning)
            .AddSimpleConsole(o => o.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var gate = RegistryGate.AddTo(builder.Services);
        builder.Services.AddSingleton(LocalCaller.ForCurrentUser());
        builder.Services.AddVipMcp(settings).WithStdioServerTransport();
        using var host = builder.Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("vip.mcp");

        // Serve at once (initialize and tools/list need no database); tool calls wait at the gate until the registry is
        // ready. The database and scheduler start when a call first needs them, or after WarmUpDelay, so that on a
        // small machine they do not compete with the first answers for the CPU.
        await host.StartAsync(ct);
        DatabaseLease? lease = null;
        SchedulerService? scheduler = null;
        try
        {
            if (!await WarmUpWantedAsync(gate, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, ct))
            {
                gate.Fail(new OperationCanceledException("vip mcp stopped before the registry was opened."));
                return ExitCodes.Success; // the client left before anything needed the database
            }

            lease = await DatabaseLease.OpenAsync(settings, logger, ct);
            scheduler = await SchedulerService.StartAsync(settings, lease.ConnectionString, loggers, ct);
            if (BundledApplications.IsEnabled(settings.Configuration))
            {
                await BundledApplications.ImportMissingAsync(scheduler.Get<ApplicationCatalog>(), scheduler.Get<ApplicationImporter>(), logger, ct);
            }

            gate.Open(scheduler.Services);
            await host.WaitForShutdownAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            gate.Fail(e);
            logger.LogError("vip mcp cannot open the registry: {Message}", e.Message);
            throw;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            if (scheduler is not null)
            {
                await scheduler.DisposeAsync();
            }

            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Waits until a call needs the registry or <see cref="WarmUpDelay"/> has passed: true; false when the server stops first.</summary>
    private static async Task<bool> WarmUpWantedAsync(RegistryGate gate, CancellationToken stopping, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, ct);
        await Task.WhenAny(gate.Wanted, Task.Delay(WarmUpDelay, either.Token));
        return gate.Wanted.IsCompleted || !either.IsCancellationRequested;
    }
}
