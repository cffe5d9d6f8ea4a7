using System.Collections.Concurrent;
using System.Text.Json;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// VIP's rule for grid sites that fail jobs: after its n-th failed job, a site is banned for 2^(n−1) minutes
/// (1, 2, 4, 8 … minutes, from its latest failure), and the jobs submitted meanwhile carry it in their
/// <c>BannedSite</c>. Each DIRAC job counts once, however often it is polled. With a state file (the backend keeps
/// one in its data folder), the bans and the jobs already counted survive a restart of the service.
/// </summary>
public sealed class SiteBans
{
    private const int MaxDoublings = 20; // about two years: the ban no longer grows past it
    private const int CountedKept = 10_000; // the failed jobs remembered, newest first: enough to never count one twice
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _time;
    private readonly string? _stateFile;
    private readonly Lock _save = new();
    private readonly ConcurrentDictionary<long, string> _counted = new();
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Last)> _sites = new(StringComparer.Ordinal);

    /// <param name="time">The clock bans are measured on.</param>
    /// <param name="stateFile">Where the bans are kept across restarts; null keeps them for the life of this object.</param>
    public SiteBans(TimeProvider time, string? stateFile = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _stateFile = stateFile;
        Load();
    }

    /// <summary>Counts DIRAC job <paramref name="jobId"/>'s failure against <paramref name="site"/> (once per job).</summary>
    public void RecordFailure(long jobId, string site)
    {
        if (string.IsNullOrWhiteSpace(site) || site == "ANY" || !_counted.TryAdd(jobId, site))
        {
            return;
        }

        var now = _time.GetUtcNow();
        _sites.AddOrUpdate(site, _ => (1, now), (_, before) => (before.Failures + 1, now));
        Save();
    }

    /// <summary>The sites banned now, in name order.</summary>
    public IReadOnlyList<string> Active()
    {
        var now = _time.GetUtcNow();
        return _sites
            .Where(s => now < s.Value.Last + TimeSpan.FromMinutes(Math.Pow(2, Math.Min(s.Value.Failures - 1, MaxDoublings))))
            .Select(s => s.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private void Load()
    {
        if (_stateFile is null || !File.Exists(_stateFile))
        {
            return;
        }

        try
        {
            var state = JsonSerializer.Deserialize<State>(File.ReadAllText(_stateFile), Json);
            foreach (var site in state?.Sites ?? [])
            {
                _sites[site.Site] = (site.Failures, site.LastFailure);
            }

            foreach (var job in state?.Counted ?? [])
            {
                _counted[job.JobId] = job.Site;
            }
        }
        catch (JsonException)
        {
            // a damaged state file only forgets past bans: the next failures ban their sites again
        }
    }

    private void Save()
    {
        if (_stateFile is null)
        {
            return;
        }

        lock (_save)
        {
            var state = new State(
                [.. _sites.Select(s => new SiteState(s.Key, s.Value.Failures, s.Value.Last)).OrderBy(s => s.Site, StringComparer.Ordinal)],
                [.. _counted.OrderByDescending(c => c.Key).Take(CountedKept).Select(c => new CountedJob(c.Key, c.Value))]);
            Directory.CreateDirectory(Path.GetDirectoryName(_stateFile)!);
            var aside = $"{_stateFile}.{Environment.ProcessId}.{Guid.NewGuid():n}.tmp"; // two services on one data folder never share it
            File.WriteAllText(aside, JsonSerializer.Serialize(state, Json));
            File.Move(aside, _stateFile, overwrite: true);
        }
    }

    private sealed record State(IReadOnlyList<SiteState> Sites, IReadOnlyList<CountedJob> Counted);

    private sealed record SiteState(string Site, int Failures, DateTimeOffset LastFailure);

    private sealed record CountedJob(long JobId, string Site);
}
