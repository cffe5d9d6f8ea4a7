using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VipAgent.Execution.Onnx;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Registry;

/// <summary>
/// The registry for one CLI verb: the database lease (embedded or configured) and the registry's
/// services on it, disposed together when the verb ends.
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

    public static async Task<RegistryContext> OpenAsync(HostSettings settings, CancellationToken ct)
    {
        var loggers = CliLogging.CreateFactory();
        var lease = await DatabaseLease.OpenAsync(settings, loggers.CreateLogger("vip.db"), ct);
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(loggers)
            .AddLogging()
            .AddVipRegistry(lease.ConnectionString, KeyFolder(settings))
            .AddSingleton<DescriptorCheck>(OnnxApplicationCheck.Check)
            .BuildServiceProvider();
        return new RegistryContext(loggers, lease, services);
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
