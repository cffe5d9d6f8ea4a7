using System.Collections.Concurrent;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// VIP's rule for grid sites that fail jobs: after its n-th failed job, a site is banned for 2^(n−1) minutes
/// (1, 2, 4, 8 … minutes, from its latest failure), and the jobs submitted meanwhile carry it in their
/// <c>BannedSite</c>. Each DIRAC job counts once, however often it is polled. Kept for the life of the backend.
/// </summary>
public sealed class SiteBans(TimeProvider time)
{
    private const int MaxDoublings = 20; // about two years: the ban no longer grows past it
    private readonly ConcurrentDictionary<long, string> _counted = new();
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> _sites = new(StringComparer.Ordinal);

    /// <summary>Counts DIRAC job <paramref name="jobId"/>'s failure against <paramref name="site"/> (once per job).</summary>
    public void RecordFailure(long jobId, string site)
    {
        if (string.IsNullOrWhiteSpace(site) || site == "ANY" || !_counted.TryAdd(jobId, site))
        {
            return;
        }

        var now = time.GetUtcNow();
        _sites.AddOrUpdate(site, _ => (1, now), (_, before) => (before.Failures + 1, now));
    }

    /// <summary>The sites banned now, in name order.</summary>
    public IReadOnlyList<string> Active()
    {
        var now = time.GetUtcNow();
        return _sites
            .Where(s => now < s.Value.Last + TimeSpan.FromMinutes(Math.Pow(2, Math.Min(s.Value.Failures - 1, MaxDoublings))))
            .Select(s => s.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
