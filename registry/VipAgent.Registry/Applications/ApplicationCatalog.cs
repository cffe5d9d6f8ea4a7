using Marten;

namespace VipAgent.Registry.Applications;

/// <summary>`vip apps list` and `vip apps show`: reads of the catalog projection and of published descriptors.</summary>
public sealed class ApplicationCatalog(IDocumentStore store)
{
    /// <summary>Every application, by name; with <paramref name="search"/>, those whose name, description or tags contain it.</summary>
    public async Task<IReadOnlyList<ApplicationCatalogEntry>> ListAsync(string? search, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var all = await session.Query<ApplicationCatalogEntry>().ToListAsync(ct);
        return all
            .Where(a => string.IsNullOrWhiteSpace(search) || Matches(a, search))
            .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>One application by name, or null.</summary>
    public async Task<ApplicationCatalogEntry?> FindAsync(string name, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ApplicationCatalogEntry>(StreamKeys.Application(name), ct);
    }

    /// <summary>
    /// The exact published descriptor (canonical JSON) of <paramref name="name"/> at <paramref name="toolVersion"/>
    /// (the latest version when null), or null when there is none.
    /// </summary>
    public async Task<DescriptorPublished?> FindDescriptorAsync(string name, string? toolVersion, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.Application(name), token: ct);
        return events.Select(e => e.Data).OfType<DescriptorPublished>().LastOrDefault(d => toolVersion is null || d.ToolVersion == toolVersion);
    }

    private static bool Matches(ApplicationCatalogEntry entry, string search) =>
        entry.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
        || (entry.Description?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || entry.Tags.Any(t => t.Contains(search, StringComparison.OrdinalIgnoreCase));
}
