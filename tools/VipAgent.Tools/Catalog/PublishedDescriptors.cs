using System.Collections.Concurrent;
using VipAgent.Registry.Applications;

namespace VipAgent.Tools.Catalog;

/// <summary>
/// The published descriptors the catalog tools have read, by application, tool-version and descriptor SHA-256: a
/// published version never changes, so get_application and validate_invocation read its event stream once per process.
/// The catalog entry (which says which versions exist and their hashes) is still read on every call.
/// </summary>
internal sealed class PublishedDescriptors(ApplicationCatalog catalog)
{
    private const int MostCached = 1_000;
    private readonly ConcurrentDictionary<(string Name, string ToolVersion, string Sha256), DescriptorPublished> _read = new();

    /// <summary>The descriptor of <paramref name="version"/> of <paramref name="entry"/>, or null when none is published.</summary>
    public async Task<DescriptorPublished?> FindAsync(ApplicationCatalogEntry entry, CatalogVersion version, CancellationToken ct)
    {
        var key = (entry.Name, version.ToolVersion, version.DescriptorSha256);
        if (_read.TryGetValue(key, out var known))
        {
            return known;
        }

        var published = await catalog.FindDescriptorAsync(entry.Name, version.ToolVersion, ct);
        if (published is null || published.DescriptorSha256 != version.DescriptorSha256)
        {
            return published;
        }

        if (_read.Count >= MostCached)
        {
            _read.Clear();
        }

        _read[key] = published;
        return published;
    }
}
