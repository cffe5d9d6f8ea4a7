namespace VipAgent.Host.Database;

/// <summary>This process's hold on the embedded cluster; disposing it may stop the cluster.</summary>
public sealed class ClusterLease : IAsyncDisposable
{
    private readonly EmbeddedCluster _cluster;
    private FileLock? _usersLock;

    internal ClusterLease(EmbeddedCluster cluster, FileLock usersLock, string connectionString, int port, bool startedHere)
    {
        _cluster = cluster;
        _usersLock = usersLock;
        ConnectionString = connectionString;
        Port = port;
        StartedHere = startedHere;
    }

    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>True when this process started the server; false when it joined one already running.</summary>
    public bool StartedHere { get; }

    public async ValueTask DisposeAsync()
    {
        var usersLock = Interlocked.Exchange(ref _usersLock, null);
        if (usersLock is not null)
        {
            await _cluster.ReleaseAsync(usersLock);
        }
    }
}
