using Microsoft.Extensions.Logging;
using Npgsql;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Database;

/// <summary>
/// The database a vip process works with: the configured server when a connection string is
/// given, else the embedded cluster of the data folder.
/// </summary>
public sealed class DatabaseLease : IAsyncDisposable
{
    private readonly ClusterLease? _cluster;

    private DatabaseLease(string connectionString, ClusterLease? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool Embedded => _cluster is not null;

    /// <summary>True when this process started the embedded server (false when it joined a running one).</summary>
    public bool StartedHere => _cluster?.StartedHere ?? false;

    public static async Task<DatabaseLease> OpenAsync(HostSettings settings, ILogger logger, CancellationToken ct)
    {
        if (settings.ConnectionString is { } configured)
        {
            return new DatabaseLease(await CheckConfiguredAsync(configured, ct), null);
        }

        var folder = DataFolder.Open(settings.DataDir);
        var lease = await new EmbeddedCluster(folder, logger).AcquireAsync(ct);
        return new DatabaseLease(lease.ConnectionString, lease);
    }

    private static async Task<string> CheckConfiguredAsync(string connectionString, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw VipException.InvalidInput("VIP1006",
                $"The connection string is not valid ({e.Message.TrimEnd('.')}); expected e.g. 'Host=db;Port=5432;Username=vip;Password=…;Database=vipagent'.");
        }

        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new VipException("VIP1007",
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}'): {e.Message.TrimEnd('.')}. " +
                "Check --connection / VIPAGENT_CONNECTION, or leave it unset to use the embedded cluster.");
        }

        return builder.ConnectionString;
    }

    /// <summary>Database name, host and port without the password, for display.</summary>
    public DatabaseDescription Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return new DatabaseDescription(builder.Database ?? "", builder.Host ?? "", builder.Port, Embedded);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

public sealed record DatabaseDescription(string Name, string Host, int Port, bool Embedded);
