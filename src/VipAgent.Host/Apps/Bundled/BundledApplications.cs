using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VipAgent.Boutiques;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Apps.Bundled;

/// <summary>One descriptor shipped inside the <c>vip</c> assembly.</summary>
/// <param name="Name">The application's name.</param>
/// <param name="ToolVersion">The descriptor's tool-version.</param>
/// <param name="Json">The descriptor's text, as written in <c>Apps/Bundled/</c>.</param>
public sealed record BundledDescriptor(string Name, string ToolVersion, string Json);

/// <summary>
/// The Boutiques descriptors written for tools from Debian packages (MRtrix3's mrconvert, mrthreshold, mrstats; dcm2niix),
/// embedded in <c>vip</c> and published in a registry that does not have them yet, so a fresh data folder can run
/// something at once. Idempotent: when every bundled name and version is in the catalog (or the application was
/// deprecated), nothing is written. Opt out with <c>VipAgent:ImportBundledApplications=false</c>.
/// </summary>
public static class BundledApplications
{
    /// <summary>The configuration key (appsettings.json, or <c>VipAgent__ImportBundledApplications</c>) that turns the import off.</summary>
    public const string SettingKey = "VipAgent:ImportBundledApplications";

    /// <summary>Who the registry says published them.</summary>
    public const string Publisher = "vip (bundled)";

    private const string ResourcePrefix = "VipAgent.Host.Apps.Bundled.";

    private static readonly Lazy<IReadOnlyList<BundledDescriptor>> Descriptors = new(Load);

    /// <summary>Every bundled descriptor, by resource name.</summary>
    public static IReadOnlyList<BundledDescriptor> All => Descriptors.Value;

    /// <summary>False only when the setting says <c>false</c>; on by default.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.Equals(configuration[SettingKey]?.Trim(), "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Publishes the bundled descriptors the catalog lacks (one read per application when it has them all)
    /// and returns what was imported; a refusal is logged as a warning and does not stop the caller.
    /// </summary>
    public static async Task<IReadOnlyList<ImportOutcome>> ImportMissingAsync(
        ApplicationCatalog catalog, ApplicationImporter importer, ILogger logger, CancellationToken ct)
    {
        var outcomes = new List<ImportOutcome>();
        foreach (var bundled in All)
        {
            var entry = await catalog.FindAsync(bundled.Name, ct);
            if (entry is not null && (entry.IsDeprecated || entry.FindVersion(bundled.ToolVersion) is not null))
            {
                continue;
            }

            var outcome = await importer.ImportJsonAsync($"bundled:{bundled.Name}.json", bundled.Json, Publisher, ct);
            if (outcome.Status == ImportStatus.Rejected)
            {
                logger.LogWarning("The bundled application {Name}/{Version} was not imported: {Reasons}", bundled.Name, bundled.ToolVersion, string.Join("; ", outcome.Reasons));
            }
            else
            {
                logger.LogInformation("Imported the bundled application {Name}/{Version}", bundled.Name, bundled.ToolVersion);
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static IReadOnlyList<BundledDescriptor> Load()
    {
        var assembly = typeof(BundledApplications).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Read(assembly, n))
            .ToList();
    }

    private static BundledDescriptor Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var json = reader.ReadToEnd();
        var descriptor = BoutiquesJson.Parse(json)!;
        return new BundledDescriptor(descriptor["name"]!.ToString(), descriptor["tool-version"]!.ToString(), json);
    }
}
