using Microsoft.Extensions.DependencyInjection.Extensions;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Scheduling;

/// <summary>The scheduler's services on top of the registry's, for the service or for one command.</summary>
internal static class SchedulingServices
{
    /// <param name="services">A collection that already holds the registry (<c>AddVipRegistry</c>).</param>
    /// <param name="settings">Where the data folder is.</param>
    /// <param name="connectionString">The database whose advisory locks lease executions.</param>
    /// <param name="service">True in `vip serve`: local jobs outlive the process and are adopted after a restart.</param>
    /// <param name="console">Where a command prints one line per change; null in the service (logs only).</param>
    public static IServiceCollection AddVipScheduling(
        this IServiceCollection services, HostSettings settings, string connectionString, bool service, TextWriter? console)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddSingleton(sp => new BackendSet(settings, sp.GetRequiredService<TimeProvider>(), service))
            .AddSingleton(_ => new ExecutionLeases(connectionString))
            .AddSingleton(sp => new RunReport(sp.GetRequiredService<ILoggerFactory>().CreateLogger("vip.scheduler"), console))
            .AddSingleton<PlanBook>()
            .AddSingleton<ExecutionDispatcher>()
            .AddSingleton<ExecutionSupervisor>()
            .AddSingleton<RunScheduler>();
    }
}
