using Marten;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Audit;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Mcp;

/// <summary>
/// The registry of a process whose MCP server starts before the database is ready (`vip serve`, `vip mcp`): the
/// server container's registry services are forwarded through this gate, opened with the scheduler's container.
/// A service resolved before then waits for it (at most a minute), or fails with the reason the database did not open.
/// </summary>
internal sealed class RegistryGate
{
    private static readonly TimeSpan MostWait = TimeSpan.FromMinutes(1);
    private readonly TaskCompletionSource<IServiceProvider> _registry = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _wanted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsOpen => _registry.Task.IsCompletedSuccessfully;

    /// <summary>Completes when a request first needs the registry (a service was resolved through the gate).</summary>
    public Task Wanted => _wanted.Task;

    public void Open(IServiceProvider registry) => _registry.TrySetResult(registry);

    public void Fail(Exception reason) => _registry.TrySetException(reason);

    public T Get<T>()
        where T : notnull
    {
        if (_registry.Task.IsCompletedSuccessfully)
        {
            return _registry.Task.Result.GetRequiredService<T>();
        }

        _wanted.TrySetResult();
        return _registry.Task.WaitAsync(MostWait).GetAwaiter().GetResult().GetRequiredService<T>();
    }

    /// <summary>Registers a gate and forwards the registry's services to it; returns the gate.</summary>
    public static RegistryGate AddTo(IServiceCollection services)
    {
        var gate = new RegistryGate();
        services.AddSingleton(gate)
            .AddSingleton(_ => gate.Get<IDocumentStore>())
            .AddSingleton(_ => gate.Get<ApplicationCatalog>())
            .AddSingleton(_ => gate.Get<ExecutionRecorder>())
            .AddSingleton(_ => gate.Get<Auditor>())
            .AddSingleton(_ => gate.Get<JobBoard>());
        return gate;
    }
}
