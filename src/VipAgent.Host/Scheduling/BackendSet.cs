using System.Collections.Concurrent;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// The backends one process drives, created when first needed and shared by all its executions (one local
/// backend, so its concurrency limit holds across executions), with the data folder's store and job folders.
/// </summary>
/// <param name="settings">Where the data folder is, and the backends' settings.</param>
/// <param name="time">The clock backends use.</param>
/// <param name="service">True in `vip serve`: local jobs outlive the process.</param>
/// <param name="create">Creates a backend by name instead of <see cref="ExecutionBackends.Create"/> (benchmarks).</param>
internal sealed class BackendSet(HostSettings settings, TimeProvider time, bool service, Func<string, IExecutionBackend>? create = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IExecutionBackend> _backends = new(StringComparer.Ordinal);

    public ContentStore Store { get; } = ExecutionBackends.Store(settings);

    /// <summary>The backends created so far.</summary>
    public IEnumerable<IExecutionBackend> Created => _backends.Values;

    public IExecutionBackend Get(string name) =>
        _backends.GetOrAdd(name, n => create?.Invoke(n) ?? ExecutionBackends.Create(n, settings, Store, time, stopJobsOnDispose: !service));

    public string JobFolder(Guid executionId, string jobId) => ExecutionBackends.JobFolder(settings, executionId, jobId);

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends.Values)
        {
            await ExecutionBackends.ReleaseAsync(backend);
        }
    }
}
