using Npgsql;
using VipAgent.Host.Database;

namespace VipAgent.Host.Serve;

/// <summary>What the service knows about its database while it starts and runs.</summary>
public sealed class DatabaseStatus : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    public DatabaseDescription? Description { get; private set; }

    public string? Failure { get; private set; }

    public NpgsqlDataSource? DataSource => _dataSource;

    public void Ready(DatabaseLease lease)
    {
        Description = lease.Describe();
        _dataSource = NpgsqlDataSource.Create(lease.ConnectionString);
    }

    public void Failed(string reason) => Failure = reason;

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
