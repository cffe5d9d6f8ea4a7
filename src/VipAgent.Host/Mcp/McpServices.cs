using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Host.Planning;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Access;
using VipAgent.Tools.Audit;
using VipAgent.Tools.Catalog;
using VipAgent.Tools.Executions;
using VipAgent.Tools.Mcp;
using VipAgent.Tools.Plans;

namespace VipAgent.Host.Mcp;

/// <summary>The MCP server's tools, resources, prompt and completions, on a container that already holds the registry.</summary>
internal static class McpServices
{
    public const string Instructions =
        "VipAgent runs medical-imaging applications (Boutiques descriptors) on local, Slurm, DIRAC or ONNX backends and records replayable provenance. " +
        "Flow: search_applications → plan_experiment → show the plan to the person → approve_plan → submit_plan → get_execution until finished → get_results → verify_execution. " +
        "Nothing runs before submit_plan, and submit_plan needs a plan the person approved. The design_experiment prompt walks through it.";

    /// <param name="services">A collection with the registry (<c>AddVipRegistry</c>) or its forwarded services.</param>
    /// <param name="settings">Where backends keep their job folders (for cancellation).</param>
    public static IMcpServerBuilder AddVipMcp(this IServiceCollection services, HostSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddVipPlanning(settings);
        services.AddSingleton<CatalogTools>()
            .AddSingleton<ExecutionAccess>()
            .AddSingleton(sp => new CallerClaims(sp.GetService<LocalCaller>()))
            .AddSingleton<ApiKeyStore>()
            .AddSingleton<IExecutionCanceller>(sp => new ExecutionCancellation(settings, sp.GetRequiredService<ExecutionRecorder>(), sp.GetRequiredService<TimeProvider>()));
        // Nulls are written, not left out: a client that checks structured content against the output schema (the Inspector
        // does) finds every property the schema requires.
        var json = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
        return services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "vipagent", Title = "VipAgent", Version = typeof(McpServices).Assembly.GetName().Version?.ToString(3) ?? "0.0.0" };
                o.ServerInstructions = Instructions;
            })
            .WithTools<CatalogTools>(json)
            .WithTools<ExecutionTools>(json)
            .WithTools<AuditTools>(json)
            .WithTools<PlanTools>(json)
            .WithResources<VipResources>()
            .WithPrompts<VipPrompts>(json)
            .WithCompleteHandler(VipCompletions.CompleteAsync);
    }
}
