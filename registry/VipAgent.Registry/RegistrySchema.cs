using Marten;
using Npgsql;

namespace VipAgent.Registry;

/// <summary>
/// Creates the registry's tables once per database and per build of this code, under a PostgreSQL advisory lock,
/// so that processes starting together on a fresh database never race on Marten's <c>CREATE TABLE IF NOT EXISTS</c>.
/// Afterwards each call costs one small query: the stamp in <c>vipagent_registry_schema</c> says the tables are there.
/// </summary>
public static class RegistrySchema
{
    private const long LockKey = 0x7669_7061_6765_6e74; // "vipagent"

    public static async Task EnsureAsync(IDocumentStore store, string connectionString, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stamp = typeof(RegistrySchema).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        if (await QuickStampAsync(connection, ct) == stamp)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", ct, ("key", LockKey));
        if (await StampAsync(connection, ct) != stamp)
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS vipagent_registry_schema (stamp text NOT NULL)", ct);
            await ExecuteAsync(connection, "DELETE FROM vipagent_registry_schema", ct);
            await ExecuteAsync(connection, "INSERT INTO vipagent_registry_schema (stamp) VALUES (@stamp)", ct, ("stamp", stamp));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The stamp in one query; null when the table does not exist yet (outside a transaction, the error is harmless).</summary>
    private static async Task<string?> QuickStampAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var read = new NpgsqlCommand("SELECT stamp FROM vipagent_registry_schema LIMIT 1", connection);
            return await read.ExecuteScalarAsync(ct) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    private static async Task<string?> StampAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('vipagent_registry_schema') IS NOT NULL", connection);
        if (await command.ExecuteScalarAsync(ct) is not true)
        {
            return null;
        }

        await using var read = new NpgsqlCommand("SELECT stamp FROM vipagent_registry_schema LIMIT 1", connection);
        return await read.ExecuteScalarAsync(ct) as string;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
