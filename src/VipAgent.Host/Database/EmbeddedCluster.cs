using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VipAgent.Host.Database;

/// <summary>
/// A private PostgreSQL cluster in the data folder, shared by every vip process that uses that
/// folder. Each user holds a shared lock while it uses the cluster; the first one starts it and
/// the last one out stops it. A cluster vip did not start (another data folder, a system
/// server) is never touched.
/// </summary>
public sealed class EmbeddedCluster
{
    public const string DatabaseName = "vipagent";

    /// <summary>Set to 1 to trade durability for speed (fsync off): for tests and benchmarks only.</summary>
    public const string FastVariable = "VIPAGENT_POSTGRES_FAST";

    private readonly DataFolder _folder;
    private readonly ServerAccount _account;
    private readonly PostgresServer _server;
    private readonly ILogger _logger;

    /// <param name="fast">fsync off: for tests and benchmarks, whose data is thrown away.</param>
    public EmbeddedCluster(DataFolder folder, ILogger logger, bool fast = false)
    {
        _folder = folder;
        _logger = logger;
        _account = ServerAccount.Current();
        _server = new PostgresServer(folder, _account, PostgresBinaries.Locate(),
            fast || Environment.GetEnvironmentVariable(FastVariable) == "1", logger);
    }

    /// <summary>Starts the cluster, or joins the one another vip process started, and returns a lease on it.</summary>
    public async Task<ClusterLease> AcquireAsync(CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using var startLock = FileLock.Acquire(_folder.StartLock, exclusive: true);
        var usersLock = FileLock.Acquire(_folder.UsersLock, exclusive: false);
        try
        {
            var password = ReadOrCreateSecret();
            var port = _server.RunningPort();
            var started = port is null;
            if (port is null)
            {
                await _account.EnsureCanReachAsync(_folder.Path, _logger, ct);
                if (!_server.IsInitialized)
                {
                    await _server.InitializeAsync(password, ct);
                    _logger.LogDebug("initdb done at {Elapsed} ms", stopwatch.ElapsedMilliseconds);
                }

                port = await _server.StartAsync(ct);
                _logger.LogDebug("server ready at {Elapsed} ms", stopwatch.ElapsedMilliseconds);
                await EnsureDatabaseAsync(port.Value, password, ct);
            }

            _logger.LogInformation("Embedded PostgreSQL {Action} on 127.0.0.1:{Port} in {Elapsed} ms ({DataFolder})",
                started ? "started" : "joined", port, stopwatch.ElapsedMilliseconds, _folder.Path);
            return new ClusterLease(this, usersLock, ConnectionString(port.Value, password, DatabaseName), port.Value, started);
        }
        catch
        {
            usersLock.Dispose();
            throw;
        }
    }

    /// <summary>The port of the cluster's running server, or null when none runs.</summary>
    public int? RunningPort() => _server.RunningPort();

    /// <summary>Drops this process's hold on the cluster and stops it when no other process holds it.</summary>
    internal async Task ReleaseAsync(FileLock usersLock)
    {
        using var startLock = FileLock.Acquire(_folder.StartLock, exclusive: true);
        usersLock.Dispose();
        using var sole = FileLock.TryAcquire(_folder.UsersLock, exclusive: true, wait: false);
        if (sole is not null && _server.RunningPort() is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _server.StopAsync();
        }
    }

    /// <summary>
    /// Makes sure the 'vipagent' database exists. On a fresh cluster, initdb's empty 'postgres'
    /// database is renamed to it: instant, where CREATE DATABASE copies a template (about 0.5 s).
    /// </summary>
    private static async Task EnsureDatabaseAsync(int port, string password, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(port, password, "template1") + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var names = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname IN ('postgres', $1)", connection);
        names.Parameters.AddWithValue(DatabaseName);
        var existing = new List<string>();
        await using (var reader = await names.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                existing.Add(reader.GetString(0));
            }
        }

        if (!existing.Contains(DatabaseName))
        {
            var sql = existing.Contains("postgres") ? $"ALTER DATABASE postgres RENAME TO {DatabaseName}" : $"CREATE DATABASE {DatabaseName}";
            await using var create = new NpgsqlCommand(sql, connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    private string ReadOrCreateSecret()
    {
        if (File.Exists(_folder.ClusterSecret))
        {
            return File.ReadAllText(_folder.ClusterSecret).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(_folder.ClusterSecret, secret);
        File.SetUnixFileMode(_folder.ClusterSecret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return secret;
    }

    internal static string ConnectionString(int port, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = PostgresServer.SuperUser,
            Password = password,
            Database = database,
        }.ConnectionString;
}
