using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;
using VipAgent.Host.Cli;

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
    private const string SuperUser = "postgres";

    /// <summary>Set to 1 to trade durability for speed (fsync off): for tests and benchmarks only.</summary>
    public const string FastVariable = "VIPAGENT_POSTGRES_FAST";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly DataFolder _folder;
    private readonly ServerAccount _account;
    private readonly PostgresBinaries _binaries;
    private readonly ILogger _logger;
    private readonly bool _fast;

    /// <param name="fast">fsync off: for tests and benchmarks, whose data is thrown away.</param>
    public EmbeddedCluster(DataFolder folder, ILogger logger, bool fast = false)
    {
        _folder = folder;
        _logger = logger;
        _fast = fast || Environment.GetEnvironmentVariable(FastVariable) == "1";
        _account = ServerAccount.Current();
        _binaries = PostgresBinaries.Locate();
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
            var port = RunningPort();
            var started = false;
            if (port is null)
            {
                await _account.EnsureCanReachAsync(_folder.Path, _logger, ct);
                if (!File.Exists(Path.Combine(_folder.PostgresData, "PG_VERSION")))
                {
                    await InitializeAsync(password, ct);
                }

                port = await StartAsync(ct);
                started = true;
            }

            var connectionString = ConnectionString(port.Value, password, DatabaseName);
            if (started)
            {
                await EnsureDatabaseAsync(port.Value, password, ct);
            }

            _logger.LogInformation("Embedded PostgreSQL {Action} on 127.0.0.1:{Port} in {Elapsed} ms ({DataFolder})",
                started ? "started" : "joined", port, stopwatch.ElapsedMilliseconds, _folder.Path);
            return new ClusterLease(this, usersLock, connectionString, port.Value, started);
        }
        catch
        {
            usersLock.Dispose();
            throw;
        }
    }

    /// <summary>Drops this process's hold on the cluster and stops it when no other process holds it.</summary>
    internal async Task ReleaseAsync(FileLock usersLock)
    {
        using var startLock = FileLock.Acquire(_folder.StartLock, exclusive: true);
        usersLock.Dispose();
        using var sole = FileLock.TryAcquire(_folder.UsersLock, exclusive: true, wait: false);
        if (sole is null || RunningPort() is null)
        {
            return;
        }

        var result = await _account.RunAsync(_binaries.PgCtl, ["-D", _folder.PostgresData, "-m", "fast", "-w", "stop"], CommandTimeout, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            _logger.LogWarning("Could not stop the embedded PostgreSQL cluster: {Output}", result.Output);
        }
        else
        {
            _logger.LogInformation("Embedded PostgreSQL stopped ({DataFolder})", _folder.Path);
        }
    }

    /// <summary>The port of the cluster's running server, from its postmaster.pid, or null when none runs.</summary>
    public int? RunningPort()
    {
        var pidFile = Path.Combine(_folder.PostgresData, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(pidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port))
        {
            return null;
        }

        var comm = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm");
        return File.Exists(comm) && File.ReadAllText(comm).Trim() == "postgres" ? port : null;
    }

    private async Task InitializeAsync(string password, CancellationToken ct)
    {
        if (Directory.Exists(_folder.PostgresData))
        {
            Directory.Delete(_folder.PostgresData, recursive: true); // an initdb that never finished
        }

        await _account.PrepareFolderAsync(_folder.PostgresData, ct);
        await _account.PrepareFolderAsync(_folder.PostgresRun, ct);
        var passwordFile = Path.Combine(_folder.PostgresRun, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        if (_account.RunAs is not null)
        {
            await ProcessRunner.RunAsync("chown", [$"{_account.RunAs}:", passwordFile], null, CommandTimeout, ct);
        }

        try
        {
            var result = await _account.RunAsync(_binaries.InitDb,
            [
                "-D", _folder.PostgresData, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ], CommandTimeout, ct);
            if (result.ExitCode != 0)
            {
                throw new VipException("VIP1004", $"initdb failed to create the embedded cluster in {_folder.PostgresData}: {FirstLine(result.Output)}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(_folder.PostgresData, "postgresql.conf"),
            "\n# Written by vip: port and listen address are set on every start.\ninclude_if_exists = 'vipagent.conf'\n", ct);
        _logger.LogInformation("Created an embedded PostgreSQL cluster in {Folder}", _folder.PostgresData);
    }

    private async Task<int> StartAsync(CancellationToken ct)
    {
        var log = Path.Combine(_folder.PostgresRun, "postgres.log");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            WriteServerSettings(port);
            var result = await _account.RunAsync(_binaries.PgCtl, ["-D", _folder.PostgresData, "-l", log, "-w", "-t", "60", "start"], CommandTimeout, ct);
            if (result.ExitCode == 0)
            {
                return port;
            }

            var reason = TailOf(log);
            if (attempt < 3 && reason.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue; // another program took the port between our probe and the server's bind
            }

            throw new VipException("VIP1005", $"The embedded PostgreSQL server did not start: {FirstLine(reason.Length > 0 ? reason : result.Output)} (log: {log})");
        }
    }

    private void WriteServerSettings(int port)
    {
        var fast = _fast;
        var settings = $"""
            port = {port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            {(fast ? "fsync = off\nsynchronous_commit = off\nfull_page_writes = off" : "")}
            """;
        var path = Path.Combine(_folder.PostgresData, "vipagent.conf");
        File.WriteAllText(path, settings + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static async Task EnsureDatabaseAsync(int port, string password, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(port, password, "postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(DatabaseName);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
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
            Username = SuperUser,
            Password = password,
            Database = database,
        }.ConnectionString;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string TailOf(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log);
            return string.Join(" ", lines.Reverse().Take(3).Reverse().Where(l => l.Contains("FATAL", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
