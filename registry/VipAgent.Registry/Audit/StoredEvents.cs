using System.Runtime.CompilerServices;
using JasperFx.Events;
using Marten;
using Npgsql;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit;

/// <summary>An event exactly as stored: the audit reads rows, not Marten's view of them.</summary>
internal sealed record StoredEvent(string Stream, long Version, string Type, string Data, string? Link);

/// <summary>Reads the event tables with plain SQL, streaming one stream at a time in version order.</summary>
internal sealed class StoredEvents(IDocumentStore store)
{
    private readonly string _schema = store.Options.Events.DatabaseSchemaName;

    public async IAsyncEnumerable<IReadOnlyList<StoredEvent>> ReadStreamsAsync(string? stream, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var sql = $"SELECT stream_id, version, type, data::text, headers->>'chain' FROM {_schema}.mt_events" +
                  (stream is null ? "" : " WHERE stream_id = @stream") + " ORDER BY stream_id, version";
        await using var command = new NpgsqlCommand(sql, connection);
        if (stream is not null)
        {
            command.Parameters.AddWithValue("stream", stream);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        var current = new List<StoredEvent>();
        while (await reader.ReadAsync(ct))
        {
            var row = new StoredEvent(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            if (current.Count > 0 && current[0].Stream != row.Stream)
            {
                yield return current;
                current = [];
            }

            current.Add(row);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>Each stream's recorded version (its length as the stream table says).</summary>
    public async Task<Dictionary<string, long>> StreamVersionsAsync(string? stream, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT id, version FROM {_schema}.mt_streams" + (stream is null ? "" : " WHERE id = @stream"), connection);
        if (stream is not null)
        {
            command.Parameters.AddWithValue("stream", stream);
        }

        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>Each stream's head as the stream table says: its version and the link stored on that event.</summary>
    public async Task<List<(string Stream, long Version, string Head)>> HeadsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT s.id, s.version, e.headers->>'chain' FROM {_schema}.mt_streams s " +
            $"JOIN {_schema}.mt_events e ON e.stream_id = s.id AND e.version = s.version ORDER BY s.id", connection);
        var heads = new List<(string, long, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            heads.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
        }

        return heads;
    }

    /// <summary>Creates the event and projection tables when the database is new, so a first audit reads empty tables (cached by Marten after the first call).</summary>
    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        foreach (var type in new[] { typeof(IEvent), typeof(ExecutionSummary), typeof(ApplicationCatalogEntry) })
        {
            await store.Storage.Database.EnsureStorageExistsAsync(type, ct);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }
}
