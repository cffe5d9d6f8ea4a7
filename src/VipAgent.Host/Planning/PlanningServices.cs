using VipAgent.Host.Cli;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>The goal → plan → submit workflow on top of the registry's services (<c>AddVipRegistry</c>).</summary>
internal static class PlanningServices
{
    public static IServiceCollection AddVipPlanning(this IServiceCollection services, HostSettings settings) =>
        services
            .AddSingleton<PlannerCatalog>()
            .AddSingleton<IExperimentWorkflow>(sp => new ExperimentWorkflow(
                sp.GetRequiredService<PlannerCatalog>(),
                sp.GetRequiredService<VipAgent.Registry.Applications.ApplicationCatalog>(),
                sp.GetRequiredService<VipAgent.Registry.Executions.ExecutionRecorder>(),
                settings));
}
