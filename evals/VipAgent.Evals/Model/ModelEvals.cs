using Microsoft.Extensions.Configuration;
using VipAgent.Evals.Cases;
using VipAgent.Evals.Scoring;
using VipAgent.Host.Apps.Bundled;
using VipAgent.Host.Cli;
using VipAgent.Host.Planning;
using VipAgent.Host.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Tools.Catalog;
using VipAgent.Tools.Planning;

namespace VipAgent.Evals.Model;

/// <summary>
/// <c>--model</c>: the cases planned by the model planner (<see cref="ModelPlanner"/>) against the endpoint configured
/// as for <c>vip plan</c> (<c>VipAgent:Planner:Endpoint</c>, <c>:Model</c>, <c>:ApiKey</c>, <c>:TimeoutSeconds</c>),
/// over the evals catalog imported into a registry of its own: the settings' database (a private PostgreSQL in
/// the data folder, or the connection string given). The model calls the same catalog tools as in production; a plan
/// it cannot give comes from the registry's offline planner, as in production, and is counted as a fallback.
/// </summary>
public static class ModelEvals
{
    private const string FallbackPrefix = "planner: offline";

    /// <summary>Imports <paramref name="descriptorFiles"/>, plans and scores <paramref name="cases"/> with the model.</summary>
    public static async Task<ModelEvalResult> RunAsync(
        HostSettings settings, IReadOnlyList<string> descriptorFiles, IReadOnlyList<EvalCase> cases, IProgress<CaseResult>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(descriptorFiles);
        var endpoint = ModelPlannerSettings.Read(settings) ?? throw VipException.InvalidInput("VIP7021",
            "--model needs a model endpoint: set VipAgent__Planner__Endpoint (an OpenAI-compatible base URL, e.g. http://localhost:11434/v1) and VipAgent__Planner__Model, as for 'vip plan'.");
        var catalogOnly = settings with
        {
            Configuration = new ConfigurationBuilder()
                .AddConfiguration(settings.Configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { [BundledApplications.SettingKey] = "false" })
                .Build(),
        };
        await using var registry = await RegistryContext.OpenAsync(catalogOnly, ct, (services, _) => services.AddVipPlanning(catalogOnly));
        var imported = await registry.Get<ApplicationImporter>().ImportAsync(descriptorFiles, "evals", null, ct);
        var rejected = imported.Where(o => o.Status == ImportStatus.Rejected).Select(o => $"{Path.GetFileName(o.Source)}: {string.Join("; ", o.Reasons)}").ToList();
        var offline = await registry.Get<PlannerCatalog>().GetAsync(ct);
        var planner = ModelPlanner.ForEndpoint(endpoint, registry.Get<CatalogTools>());
        var runner = new EvalRunner([.. descriptorFiles.Select(File.ReadAllText)]);
        var fallbacks = new List<string>();
        var report = await runner.RunAsync(cases, async (request, token) =>
        {
            var plan = await planner.PlanAsync(request, offline, token);
            if (plan.Reasons is [var first, ..] && first.StartsWith(FallbackPrefix, StringComparison.Ordinal))
            {
                fallbacks.Add(first);
            }

            return plan;
        }, progress, ct);
        return new ModelEvalResult(report, endpoint.ToString(), fallbacks, rejected);
    }
}

/// <summary>
/// A <c>--model</c> run: the scores, the model, why the offline planner answered instead (one reason per such case),
/// and the descriptors the registry refused.
/// </summary>
public sealed record ModelEvalResult(EvalReport Report, string Model, IReadOnlyList<string> Fallbacks, IReadOnlyList<string> Rejected);
