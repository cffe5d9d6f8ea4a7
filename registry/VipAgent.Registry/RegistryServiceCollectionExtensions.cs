using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Audit;
using VipAgent.Registry.Checkpoints;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the registry: Marten on <paramref name="connectionString"/> with its events and inline
    /// projections, and the importer, catalog, recorder, auditor and checkpoint writer (whose signing key
    /// lives in <paramref name="keyFolder"/>). Uses the container's <see cref="TimeProvider"/>, or the system clock.
    /// </summary>
    public static IServiceCollection AddVipRegistry(this IServiceCollection services, string connectionString, string keyFolder)
    {
        services.AddMarten(options => RegistryStore.Configure(options, connectionString)).UseLightweightSessions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApplicationImporter>();
        services.AddSingleton<ApplicationCatalog>();
        services.AddSingleton<ExecutionRecorder>();
        services.AddSingleton<Auditor>();
        services.AddSingleton<JobBoard>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton(sp => new CheckpointWriter(sp.GetRequiredService<IDocumentStore>(), keyFolder, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
