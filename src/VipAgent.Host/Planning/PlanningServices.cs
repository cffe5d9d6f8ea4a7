using Microsoft.Extensions.DependencyInjection.Extensions;
using VipAgent.Host.Cli;
using VipAgent.Tools.Catalog;
using VipAgent.Tools.Planning;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>The goal → plan → submit workflow on top of the registry's services (<c>AddVipRegistry</c>).</summary>
internal static class PlanningServices
{
    public static IServiceCollection AddVipPlanning(this IServiceCollection services, HostSettings settings)
    {
        services.TryAddSingleton<CatalogTools>();
        return services
            .AddSingleton<PlannerCatalog>()
            .AddSingleton<IExperimentWorkflow>(sp => new ExperimentWorkflow(
                sp.GetRequiredService<PlannerCatalog>(),
                sp.GetRequiredService<VipAgent.Registry.Applications.ApplicationCatalog>(),
                sp.GetRequiredService<VipAgent.Registry.Executions.ExecutionRecorder>(),
                settings,
                // read when a goal is planned, so a bad model setting never blocks approve or submit
                new Lazy<ModelPlanner?>(() => ModelPlannerSettings.Read(settings) is { } endpoint ? ModelPlanner.ForEndpoint(endpoint, sp.GetRequiredService<CatalogTools>()) : null)));
    }
}
