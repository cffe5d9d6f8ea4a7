using System.Globalization;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// Runs jobs on the DIRAC grid through DiracX (Name <c>dirac</c>). Each job's folder and a wrapper script
/// (<see cref="DiracJobScript"/>) become an input sandbox, uploaded once per content hash; jobs of one wall time go
/// as one parametric JDL per request of at most 20 jobs (or bulk arrays of plain JDLs); status is one paged search
/// over every job per poll; cancel is <c>Killed</c> through <c>PATCH /api/jobs/status</c>; outputs come back in the
/// output sandbox. DIRAC's status and minor status stay in <see cref="JobStatus.BackendState"/> and <see cref="JobStatus.Reason"/>.
/// </summary>
public sealed partial class DiracBackend : IExecutionBackend, IDisposable, IAsyncDisposable
{
    private const int StatusChunk = 1000;
    private readonly DiracOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly HttpClient? _owned;
    private SiteBans? _bans;

    /// <summary>A backend over <paramref name="client"/>.</summary>
    public DiracBackend(DiracClient client, DiracOptions options, ContentStore store, TimeProvider time)
    {
        Client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    private DiracBackend(HttpClient http, DiracOptions options, ContentStore store, TimeProvider time)
        : this(new DiracClient(http, options, time), options, store, time) => _owned = http;

    /// <summary>
    /// The backend the host builds: its own HttpClient (through <paramref name="handler"/> when given, e.g. a proxy
    /// or a test handler, disposed with the backend when <paramref name="disposeHandler"/>), tokens from
    /// <c>options.TokenFolder</c> stored there by <c>vip dirac login</c>.
    /// </summary>
    public static DiracBackend Create(
        DiracOptions options, ContentStore store, TimeProvider time, HttpMessageHandler? handler = null, bool disposeHandler = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler);
        http.BaseAddress = ApiBase(options.Url);
        http.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (DiracOptions.RequestTimeout)
        return new DiracBackend(http, options, store, time);
    }

    /// <summary>Sites banned for failing jobs (VIP's 2^(failures−1) minutes), added to every JDL's <c>BannedSite</c>; kept in <c>site-bans.json</c> beside the tokens, so a restarted service remembers them.</summary>
    public SiteBans Bans => _bans ??= new SiteBans(_time, Path.Combine(_options.TokenFolder, "site-bans.json"));

    /// <summary>The DiracX client (request counts, reschedule, raw calls).</summary>
    public DiracClient Client { get; }

    public string Name => "dirac";

    /// <summary>The base address calls are relative to (the URL with a trailing slash).</summary>
    public static Uri ApiBase(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    public async Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var cpuTimes = jobs.Select(CpuTime).ToList();
        var sandboxes = jobs.Select(j => DiracSandbox.Pack(j.WorkingDirectory, new Dictionary<string, string>
        {
            [DiracJobScript.Name] = DiracJobScript.For(j),
        }, j.JobId)).ToList();
        var pfns = await UploadAllAsync(sandboxes, cancellationToken);

        var handles = new SubmittedJob[jobs.Count];
        var submitted = new List<long>();
        try
        {
            foreach (var group in Enumerable.Range(0, jobs.Count).GroupBy(i => cpuTimes[i]))
            {
                foreach (var chunk in group.Chunk(DiracOptions.MaxJobsPerRequest))
                {
                    var token = "vip-" + Guid.CreateVersion7().ToString("n");
                    var jdls = Jdls(chunk.Select(i => (jobs[i], pfns[i])).ToList(), group.Key, token);
                    var ids = await SubmitChunkAsync(jdls, chunk.Length, token, cancellationToken);
                    for (var k = 0; k < chunk.Length; k++)
                    {
                        var job = jobs[chunk[k]];
                        submitted.Add(ids[k]);
                        handles[chunk[k]] = new SubmittedJob(
                            job.JobId, ids[k].ToString(CultureInfo.InvariantCulture), job.WorkingDirectory, job.ExpectedOutputs);
                    }
                }
            }
        }
        catch when (submitted.Count > 0)
        {
            // All or nothing: a batch half submitted would leave grid jobs nobody tracks.
            await Client.SetStatusAsync(submitted, "Killed", "Marked for termination", CancellationToken.None);
            throw;
        }

        return handles;
    }

    public async Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return [];
        }

        var ids = jobs.Select(j => (object)DiracId(j)).Distinct().ToList();
        var rows = (await Client.SearchAsync([new SearchCondition("JobID", "in", Values: ids)], cancellationToken))
            .ToDictionary(r => r.JobId);
        var now = _time.GetUtcNow();
        foreach (var row in rows.Values.Where(r => DiracStates.ToJobState(r.Status) == JobState.Failed && r.Site is { Length: > 0 }))
        {
            Bans.RecordFailure(row.JobId, row.Site!);
        }

        return jobs.Select(job => rows.TryGetValue(DiracId(job), out var row)
                ? new JobStatus(job.JobId, DiracStates.ToJobState(row.Status), row.Status, Reason(row), row.Status == "Done" ? 0 : null, now)
                : new JobStatus(job.JobId, JobState.Stalled, "Unknown", $"DiracX has no job {job.BackendJobId}", null, now))
            .ToList();
    }

    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var chunk in jobs.Select(DiracId).Distinct().Chunk(StatusChunk))
        {
            // A job that already finished cannot become Killed; DiracX lists it as failed, which is fine here.
            await Client.SetStatusAsync(chunk, "Killed", "Marked for termination", cancellationToken);
        }
    }

    /// <summary>Removes jobs from DiracX (<c>Deleted</c>); finished jobs' sandboxes become eligible for cleaning.</summary>
    public async Task<DiracBulkResult> DeleteAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return await Client.SetStatusAsync(jobs.Select(DiracId).Distinct().ToList(), "Deleted", "Deleted by VipAgent", cancellationToken);
    }

    /// <summary>Sends failed or stalled jobs back to the queue under the same DIRAC id (DIRAC counts reschedulings).</summary>
    public async Task<DiracBulkResult> RescheduleAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return await Client.RescheduleAsync(jobs.Select(DiracId).Distinct().ToList(), cancellationToken);
    }

    public async Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var folder = Path.Combine(job.WorkingDirectory, JobFiles.Folder);
        var incoming = Path.Combine(folder, "dirac-output");
        if (Directory.Exists(incoming))
        {
            Directory.Delete(incoming, recursive: true);
        }

        foreach (var pfn in await Client.OutputSandboxesAsync(DiracId(job), cancellationToken))
        {
            await DiracSandbox.UnpackAsync(await Client.DownloadSandboxAsync(pfn, cancellationToken), incoming, cancellationToken);
        }

        Move(Path.Combine(incoming, DiracJobScript.StandardOutput), JobFiles.StandardOutput(job.WorkingDirectory));
        Move(Path.Combine(incoming, DiracJobScript.StandardError), JobFiles.StandardError(job.WorkingDirectory));
        Move(Path.Combine(incoming, DiracJobScript.ExitCode), JobFiles.ExitCode(job.WorkingDirectory));
        var outputs = Path.Combine(incoming, DiracJobScript.Outputs);
        if (File.Exists(outputs))
        {
            await DiracSandbox.UnpackAsync(await File.ReadAllBytesAsync(outputs, cancellationToken), job.WorkingDirectory, cancellationToken);
        }

        return await _store.CollectAsync(
            job, JobFiles.StandardOutput(job.WorkingDirectory), JobFiles.StandardError(job.WorkingDirectory), cancellationToken);
    }

    public void Dispose() => _owned?.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string[]> UploadAllAsync(IReadOnlyList<PackedSandbox> sandboxes, CancellationToken cancellationToken)
    {
        var byHash = new Dictionary<string, string>(StringComparer.Ordinal);
        var unique = sandboxes.DistinctBy(s => s.Sha256).ToList();
        var uploaded = new string[unique.Count];
        await Parallel.ForAsync(0, unique.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => uploaded[i] = (await Client.UploadSandboxAsync(unique[i], ct)).Pfn);
        for (var i = 0; i < unique.Count; i++)
        {
            byHash[unique[i].Sha256] = uploaded[i];
        }

        return sandboxes.Select(s => byHash[s.Sha256]).ToArray();
    }

    /// <summary>
    /// Submits one chunk. When an answer is lost (5xx, timeout), the chunk's unique JobGroup tells whether DiracX
    /// created the jobs anyway: they are adopted (never submitted twice), or cleared before trying again.
    /// </summary>
    private async Task<IReadOnlyList<long>> SubmitChunkAsync(
        IReadOnlyList<string> jdls, int count, string token, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var inserted = await Client.SubmitAsync(jdls, cancellationToken);
                if (inserted.Count != count)
                {
                    throw new DiracApiException($"DiracX created {inserted.Count} jobs for a request of {count}.");
                }

                return inserted.Select(j => j.JobId).ToList();
            }
            catch (Exception e) when (e is DiracApiException { IsTransient: true } && attempt < _options.RetryDelays.Count)
            {
                var created = await Client.SearchAsync([new SearchCondition("JobGroup", "eq", Value: token)], cancellationToken);
                if (created.Count == count)
                {
                    return created.Select(r => r.JobId).ToList();
                }

                if (created.Count > 0)
                {
                    await Client.SetStatusAsync(created.Select(r => r.JobId).ToList(), "Killed", "Partial submission", cancellationToken);
                    await Client.SetStatusAsync(created.Select(r => r.JobId).ToList(), "Deleted", "Partial submission", cancellationToken);
                }

                await Task.Delay(_options.RetryDelays[attempt], _time, cancellationToken);
            }
        }
    }

    private List<string> Jdls(IReadOnlyList<(JobSpec Job, string Pfn)> chunk, int cpuTime, string token)
    {
        if (_options.Parametric && chunk.Count > 1)
        {
            var jdl = Common(new Jdl(), cpuTime, token)
                .Raw("JobName", "\"" + token + "-%n\"") // the token is "vip-" and hex: nothing to quote
                .Raw("InputSandbox", "{\"%s\"}")
                .Set("Parameters", chunk.Select(c => c.Pfn).ToList());
            return [jdl.ToString()];
        }

        return chunk.Select(c => Common(new Jdl(), cpuTime, token).Set("JobName", c.Job.JobId).Set("InputSandbox", [c.Pfn]).ToString())
            .ToList();
    }

    private static long DiracId(SubmittedJob job) =>
        long.TryParse(job.BackendJobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"Job {job.JobId}: '{job.BackendJobId}' is not a DIRAC job id.");

    private static string Reason(DiracJobRow row)
    {
        var reason = row.MinorStatus ?? "";
        if (row.ApplicationStatus is { Length: > 0 } app && app != "Unknown")
        {
            reason += $" ({app})";
        }

        if (row.Site is { Length: > 0 } site && site != "ANY")
        {
            reason += $" at {site}";
        }

        return reason.Trim();
    }

    private static void Move(string from, string to)
    {
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Move(from, to, overwrite: true);
        }
    }
}
