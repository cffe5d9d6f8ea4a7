using Marten;
using VipAgent.Planner;
using VipAgent.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Planning;

/// <summary>
/// The offline planner over the registered applications (the latest version of each one not deprecated), built once
/// per catalog version: every plan counts the application streams' events in one query, and the
/// descriptors are read and indexed again only when they changed (an import, a new version, a deprecation).
/// </summary>
internal sealed class PlannerCatalog(ApplicationCatalog catalog, IDocumentStore store)
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private (long Version, OfflinePlanner Planner)? _built;

    /// <summary>The planner for the catalog as it is now.</summary>
    public async Task<OfflinePlanner> GetAsync(CancellationToken ct)
    {
        var version = await VersionAsync(ct);
        if (_built is { } built && built.Version == version)
        {
            return built.Planner;
        }

        await _building.WaitAsync(ct);
        try
        {
            if (_built is { } again && again.Version == version)
            {
                return again.Planner;
            }

            var latest = (await catalog.ListAsync(null, ct))
                .Where(a => !a.IsDeprecated && a.Versions.Count > 0)
                .Select(a => (a.Name, Sha: a.Versions[^1].DescriptorSha256))
                .ToList();
            var planner = OfflinePlanner.FromDescriptors(await ReadAsync(latest, ct));
            _built = (version, planner);
            return planner;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>
    /// The catalog's version: how many events the application streams hold. Streams are append-only, so any import,
    /// new version or deprecation changes it; one count query instead of reading every catalog entry.
    /// </summary>
    private async Task<long> VersionAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.StartsWith(StreamKeys.ApplicationPrefix))
            .LongCountAsync(ct);
    }

    /// <summary>The latest descriptors in one query (each passed validation when it was imported), by name.</summary>
    private async Task<IReadOnlyList<string>> ReadAsync(IReadOnlyList<(string Name, string Sha)> latest, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var published = await session.Events.QueryRawEventDataOnly<DescriptorPublished>().ToListAsync(ct);
        var wanted = latest.ToHashSet();
        return [.. published
            .Where(p => wanted.Remove((p.Name, p.DescriptorSha256)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.CanonicalDescriptor)];
    }
}
