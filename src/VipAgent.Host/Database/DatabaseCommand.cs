using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Database;

/// <summary>`vip db info`: which database vip uses and whether it is reachable.</summary>
public static class DatabaseCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var info = new Command("info", "Show the database vip uses (embedded cluster or configured server), its port and version.");
        info.SetAction((result, ct) => InfoAsync(globals.Read(result), ct));
        return new Command("db", "The database that holds the registry.") { info };
    }

    private static async Task<int> InfoAsync(HostSettings settings, CancellationToken ct)
    {
        using var loggers = CliLogging.CreateFactory();
        await using var lease = await DatabaseLease.OpenAsync(settings, loggers.CreateLogger("vip.db"), ct);
        await using var connection = new NpgsqlConnection(lease.ConnectionString);
        await connection.OpenAsync(ct);
        var description = lease.Describe();
        var report = new
        {
            database = description.Name,
            host = description.Host,
            port = description.Port,
            embedded = description.Embedded,
            startedHere = lease.StartedHere,
            serverVersion = connection.ServerVersion,
            dataDir = description.Embedded ? settings.DataDir : null,
        };
        Console.WriteLine(settings.Json
            ? JsonSerializer.Serialize(report)
            : $"database {report.database} on {report.host}:{report.port} (PostgreSQL {report.serverVersion}, " +
              (report.embedded ? $"embedded in {report.dataDir}, {(report.startedHere ? "started by this command" : "shared with a running vip")})" : "configured server)"));
        return ExitCodes.Success;
    }
}
