using Npgsql;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// Which process drives which execution: a PostgreSQL session-level advisory lock per execution, held on one
/// connection for as long as this process drives it. A `vip exec --wait` holds its execution's lease, so the
/// service leaves it alone; a process that dies (even with SIGKILL) loses its connection and with it its leases,
/// so another process takes its executions over. Safe with several services on one database.
/// </summary>
internal sealed class ExecutionLeases(string connectionString) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _held = [];
    private NpgsqlConnection? _connection;

    /// <summary>Whether this process now drives <paramref name="executionId"/> (true when it already did).</summary>
    public async Task<bool> TryAcquireAsync(Guid executionId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_held.Contains(executionId))
            {
                return true;
            }

            var acquired = await RunAsync("SELECT pg_try_advisory_lock(@key)", executionId, ct);
            if (acquired)
            {
                _held.Add(executionId);
            }

            return acquired;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets other processes drive <paramref name="executionId"/> (after it ended).</summary>
    public async Task ReleaseAsync(Guid executionId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_held.Remove(executionId))
            {
                await RunAsync("SELECT pg_advisory_unlock(@key)", executionId, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }

    /// <summary>The lock key: the execution id folded to 64 bits.</summary>
    private static long Key(Guid executionId)
    {
        Span<byte> bytes = stackalloc byte[16];
        executionId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }

    private async Task<bool> RunAsync(string sql, Guid executionId, CancellationToken ct)
    {
        try
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(connectionString);
                await _connection.OpenAsync(ct);
            }

            await using var command = new NpgsqlCommand(sql, _connection);
            command.Parameters.AddWithValue("key", Key(executionId));
            return await command.ExecuteScalarAsync(ct) is true;
        }
        catch (NpgsqlException)
        {
            // the session is gone and every lease with it: start again from nothing on the next call
            _held.Clear();
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            _connection = null;
            throw;
        }
    }
}
