using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VipAgent.Execution.Onnx;
using VipAgent.Host.Apps.Bundled;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Registry;

/// <summary>
/// The registry for one CLI verb: the database lease (embedded or configured) and the registry's
/// services on it, disposed together when the verb ends. Opening it publishes the bundled applications the
/// registry lacks (<see cref="BundledApplications"/>) unless the configuration turns that off.
/// </summary>
internal sealed class RegistryContext : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly DatabaseLease _lease;
    private readonly ServiceProvider _services;

    private RegistryContext(ILoggerFactory loggers, DatabaseLease lease, ServiceProvider services)
    {
        _loggers = loggers;
        _lease = lease;
        _services = services;
    }

    /// <param name="settings">The verb's settings.</param>
    /// <param name="ct">Stops opening.</param>
    /// <param name="configure">Adds the verb's own services, given the connection string of the database in use.</param>
    public static async Task<RegistryContext> OpenAsync(HostSettings settings, CancellationToken ct, Action<IServiceCollection, string>? configure = null)
    {
        var loggers = CliLogging.CreateFactory();
        var lease = await DatabaseLease.OpenAsync(settings, loggers.CreateLogger("vip.db"), ct);
        var collection = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(loggers)
            .AddLogging()
            .AddVipRegistry(lease.ConnectionString, KeyFolder(settings))
            .AddSingleton<DescriptorCheck>(OnnxApplicationCheck.Check);
        configure?.Invoke(collection, lease.ConnectionString);
        var services = collection.BuildServiceProvider();
        var context = new RegistryContext(loggers, lease, services);
        try
        {
            await RegistrySchema.EnsureAsync(context.Get<IDocumentStore>(), lease.ConnectionString, ct);
            if (BundledApplications.IsEnabled(settings.Configuration))
            {
                await BundledApplications.ImportMissingAsync(
                    context.Get<ApplicationCatalog>(), context.Get<ApplicationImporter>(), loggers.CreateLogger("vip.apps"), ct);
            }
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }

        return context;
    }

    /// <summary>Where the registry's signing key lives: the data folder, whatever database is used.</summary>
    public static string KeyFolder(HostSettings settings) => Path.Combine(settings.DataDir, "keys");

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _lease.DisposeAsync();
        _loggers.Dispose();
    }
}
