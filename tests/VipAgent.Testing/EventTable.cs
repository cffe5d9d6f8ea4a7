using Npgsql;

namespace VipAgent.Testing;

/// <summary>What the registry's event table holds, read straight from PostgreSQL (to check that nothing was recorded).</summary>
public static class EventTable
{
    /// <summary>Event counts by event type in the streams whose key is LIKE <paramref name="streamPattern"/> (e.g. <c>executions/%</c>).</summary>
    public static async Task<Dictionary<string, long>> CountByTypeAsync(string connectionString, string streamPattern, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT type, count(*) FROM mt_events WHERE stream_id LIKE @stream GROUP BY type", connection);
        command.Parameters.AddWithValue("stream", streamPattern);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
