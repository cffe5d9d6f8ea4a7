using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VipAgent.Host.Database;
using Xunit;

namespace VipAgent.Testing;

/// <summary>
/// One embedded PostgreSQL cluster for a whole test run, started by the same code as `vip`,
/// with a fresh database for each test class that asks for one.
/// Use as <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"vipagent-tests-{Guid.NewGuid():n}");
    private ClusterLease? _lease;

    public string AdminConnectionString => _lease?.ConnectionString ?? throw new InvalidOperationException("The cluster has not started.");

    public async ValueTask InitializeAsync()
    {
        var folder = DataFolder.Open(_dataDir);
        _lease = await new EmbeddedCluster(folder, NullLogger.Instance, fast: true).AcquireAsync(CancellationToken.None);
    }

    /// <summary>Creates an empty database named after <paramref name="owner"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string owner)
    {
        var name = "t_" + new string(owner.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray()) + "_" + Guid.NewGuid().ToString("n")[..8];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_lease is not null)
        {
            await _lease.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
