using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Database;

/// <summary>The PostgreSQL server of one data folder: initdb, start, stop, and whether it runs.</summary>
internal sealed class PostgresServer(DataFolder folder, ServerAccount account, PostgresBinaries binaries, bool fast, ILogger logger)
{
    public const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private string LogFile => Path.Combine(folder.PostgresRun, "postgres.log");

    private string PidFile => Path.Combine(folder.PostgresData, "postmaster.pid");

    public bool IsInitialized => File.Exists(Path.Combine(folder.PostgresData, "PG_VERSION"));

    /// <summary>The port of the running server, from its postmaster.pid, or null when none runs.</summary>
    public int? RunningPort()
    {
        var lines = ReadPidFile();
        if (lines is null || lines.Length < 4 || !int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return IsPostgresProcess(lines[0]) ? port : null;
    }

    public async Task InitializeAsync(string password, CancellationToken ct)
    {
        if (Directory.Exists(folder.PostgresData))
        {
            Directory.Delete(folder.PostgresData, recursive: true); // an initdb that never finished
        }

        await account.PrepareFolderAsync(folder.PostgresData, ct);
        await account.PrepareFolderAsync(folder.PostgresRun, ct);
        var passwordFile = Path.Combine(folder.PostgresRun, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        await account.GiveAsync(passwordFile, ct);
        try
        {
            var result = await account.RunAsync(binaries.InitDb,
            [
                "-D", folder.PostgresData, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
            ], CommandTimeout, ct);
            if (result.ExitCode != 0)
            {
                throw new VipException("VIP1004", $"initdb failed to create the embedded cluster in {folder.PostgresData}: {FirstLine(result.Output)}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(folder.PostgresData, "postgresql.conf"),
            "\n# Written by vip: port and listen address are set on every start.\ninclude_if_exists = 'vipagent.conf'\n", ct);
        logger.LogInformation("Created an embedded PostgreSQL cluster in {Folder}", folder.PostgresData);
    }

    /// <summary>Starts the server on a free loopback port and waits until it accepts connections.</summary>
    public async Task<int> StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            WriteSettings(port);
            var logStart = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            // Without -w: pg_ctl polls only ten times a second; the pid file says "ready" sooner.
            var result = await account.RunAsync(binaries.PgCtl, ["-D", folder.PostgresData, "-l", LogFile, "start"], CommandTimeout, ct);
            var failure = result.ExitCode == 0 ? await WaitUntilReadyAsync(logStart, ct) : result.Output;
            if (failure is null)
            {
                return port;
            }

            if (attempt < 3 && failure.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                continue; // another program took the port between our probe and the server's bind
            }

            throw new VipException("VIP1005", $"The embedded PostgreSQL server did not start: {FirstLine(failure)} (log: {LogFile})");
        }
    }

    public async Task StopAsync()
    {
        var result = await account.RunAsync(binaries.PgCtl, ["-D", folder.PostgresData, "-m", "fast", "-w", "stop"], CommandTimeout, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            logger.LogWarning("Could not stop the embedded PostgreSQL cluster: {Output}", result.Output);
        }
        else
        {
            logger.LogInformation("Embedded PostgreSQL stopped ({DataFolder})", folder.Path);
        }
    }

    /// <summary>Null once the server is ready; otherwise why it is not.</summary>
    private async Task<string?> WaitUntilReadyAsync(long logStart, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < CommandTimeout)
        {
            var lines = ReadPidFile();
            if (lines is { Length: >= 8 } && lines[7].Trim() == "ready" && IsPostgresProcess(lines[0]))
            {
                return null;
            }

            var fatal = FatalLogLines(logStart);
            if (fatal.Length > 0)
            {
                return fatal;
            }

            await Task.Delay(5, ct);
        }

        return $"not ready after {CommandTimeout.TotalSeconds:0} s";
    }

    private void WriteSettings(int port)
    {
        var path = Path.Combine(folder.PostgresData, "vipagent.conf");
        File.WriteAllText(path, $"""
            port = {port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            {(fast ? "fsync = off\nsynchronous_commit = off\nfull_page_writes = off" : "")}

            """);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private string[]? ReadPidFile()
    {
        try
        {
            return File.ReadAllLines(PidFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsPostgresProcess(string pid)
    {
        var comm = Path.Combine("/proc", pid.Trim(), "comm");
        try
        {
            return File.Exists(comm) && File.ReadAllText(comm).Trim() == "postgres";
        }
        catch (IOException)
        {
            return false; // exited between the two calls
        }
    }

    private string FatalLogLines(long from)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(from, SeekOrigin.Begin);
            var text = new StreamReader(stream).ReadToEnd();
            return string.Join(" ", text.Split('\n').Where(l => l.Contains("FATAL", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
