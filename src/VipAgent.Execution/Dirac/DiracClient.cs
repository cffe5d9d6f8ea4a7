using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// A typed client of the DiracX REST API (the routes in shared/contracts/diracx.md): bearer tokens from a
/// <see cref="DiracTokenSource"/> (a 401 refreshes once), transient failures retried with backoff, search paged
/// through 206/Content-Range until the last row, presigned sandbox transfers sent without the bearer token.
/// </summary>
public sealed class DiracClient
{
    private readonly DiracHttp _http;
    private readonly DiracTokenSource _tokens;
    private readonly DiracOptions _options;
    private readonly TimeProvider _time;

    public DiracClient(HttpClient http, DiracOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        options.Validate();
        http.BaseAddress ??= DiracBackend.ApiBase(options.Url);
        _http = new DiracHttp(http, options, time);
        _tokens = new DiracTokenSource(new DiracTokenFile(options.TokenFolder), options, _http, time);
    }

    /// <summary>The token source (refresh count, forced refreshes).</summary>
    public DiracTokenSource Tokens => _tokens;

    /// <summary>How many HTTP requests this client sent, retries included.</summary>
    public long RequestCount => _http.RequestCount;

    /// <summary>
    /// Submits JDLs in one request (at most 20 jobs; one parametric JDL alone, or plain JDLs). Not retried: a lost
    /// answer could mean created jobs, so the caller decides (see <see cref="DiracBackend"/>).
    /// </summary>
    public async Task<IReadOnlyList<InsertedJob>> SubmitAsync(IReadOnlyList<string> jdls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/jobs/jdl") { Content = DiracHttp.Body(jdls) },
            "Submitting jobs",
            cancellationToken,
            retry: false);
        await EnsureAsync(response, HttpStatusCode.Created, "Submitting jobs", cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<InsertedJob>>(DiracHttp.Json, cancellationToken) ?? [];
    }

    /// <summary>Every row matching <paramref name="conditions"/>, sorted by job id, reading page after page.</summary>
    public async Task<IReadOnlyList<DiracJobRow>> SearchAsync(
        IReadOnlyList<SearchCondition> conditions, CancellationToken cancellationToken)
    {
        var body = new SearchBody(DiracJobRow.Columns, conditions, [new SearchSort("JobID", "asc")]);
        var rows = new List<DiracJobRow>();
        for (var page = 1; ; page++)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"api/jobs/search?page={page}&per_page={_options.PageSize}");
            using var response = await SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, url) { Content = DiracHttp.Body(body) }, "Searching jobs", cancellationToken);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return rows; // the page is past the end: the set shrank between two pages
            }

            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.PartialContent))
            {
                throw await DiracHttp.FailureAsync(response, "Searching jobs", cancellationToken);
            }

            rows.AddRange(await response.Content.ReadFromJsonAsync<List<DiracJobRow>>(DiracHttp.Json, cancellationToken) ?? []);
            if (response.StatusCode == HttpStatusCode.OK || !HasMore(response))
            {
                return rows;
            }
        }
    }

    /// <summary>Sets a status on jobs (<c>Killed</c>, <c>Deleted</c>) through <c>PATCH /api/jobs/status</c>.</summary>
    public async Task<DiracBulkResult> SetStatusAsync(
        IReadOnlyList<long> jobIds, string status, string minorStatus, CancellationToken cancellationToken)
    {
        var stamp = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var body = jobIds.ToDictionary(
            id => id.ToString(CultureInfo.InvariantCulture),
            _ => new Dictionary<string, Dictionary<string, string>>
            {
                [stamp] = new() { ["Status"] = status, ["MinorStatus"] = minorStatus, ["Source"] = "VipAgent" },
            });
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Patch, "api/jobs/status?force=false") { Content = DiracHttp.Body(body) },
            $"Setting jobs {status}",
            cancellationToken);
        return await BulkResultAsync(response, HttpStatusCode.NotFound, $"Setting jobs {status}", cancellationToken);
    }

    /// <summary>Sends jobs back to the queue (<c>POST /api/jobs/reschedule</c>).</summary>
    public async Task<DiracBulkResult> RescheduleAsync(IReadOnlyList<long> jobIds, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/jobs/reschedule?reset_jobs=false")
            {
                Content = DiracHttp.Body(new Dictionary<string, IReadOnlyList<long>> { ["job_ids"] = jobIds }),
            },
            "Rescheduling jobs",
            cancellationToken);
        return await BulkResultAsync(response, HttpStatusCode.BadRequest, "Rescheduling jobs", cancellationToken);
    }

    /// <summary>
    /// Makes sure DiracX holds <paramref name="sandbox"/>: asks for an upload ticket and, unless DiracX already has
    /// that hash, uploads through the presigned POST. Returns the PFN and whether bytes were sent.
    /// </summary>
    public async Task<(string Pfn, bool Uploaded)> UploadSandboxAsync(PackedSandbox sandbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var request = new Dictionary<string, object>
        {
            ["checksum_algorithm"] = "sha256",
            ["checksum"] = sandbox.Sha256,
            ["size"] = sandbox.Size,
            ["format"] = PackedSandbox.Format,
        };
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/jobs/sandbox") { Content = DiracHttp.Body(request) },
            "Registering an input sandbox",
            cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "Registering an input sandbox", cancellationToken);
        var ticket = await response.Content.ReadFromJsonAsync<SandboxUploadTicket>(DiracHttp.Json, cancellationToken)
            ?? throw new DiracApiException("Registering an input sandbox: empty answer.");
        if (ticket.Url is null)
        {
            return (ticket.Pfn, false);
        }

        using var upload = await _http.SendAsync(
            () =>
            {
                var form = new MultipartFormDataContent();
                foreach (var (name, value) in ticket.Fields ?? [])
                {
                    form.Add(new StringContent(value), name);
                }

                var file = new ByteArrayContent(sandbox.Bytes);
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "file", "file");
                return new HttpRequestMessage(HttpMethod.Post, ticket.Url) { Content = form };
            },
            "Uploading an input sandbox",
            cancellationToken);
        if (!upload.IsSuccessStatusCode)
        {
            throw await DiracHttp.FailureAsync(upload, "Uploading an input sandbox", cancellationToken);
        }

        return (ticket.Pfn, true);
    }

    /// <summary>The PFNs of a job's output sandbox (empty until the job uploaded one).</summary>
    public async Task<IReadOnlyList<string>> OutputSandboxesAsync(long jobId, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"api/jobs/{jobId}/sandbox/output");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "Listing an output sandbox", cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, $"Listing the output sandbox of job {jobId}", cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<string>>(DiracHttp.Json, cancellationToken) ?? [];
    }

    /// <summary>Downloads a sandbox by PFN through its presigned URL.</summary>
    public async Task<byte[]> DownloadSandboxAsync(string pfn, CancellationToken cancellationToken)
    {
        var url = "api/jobs/sandbox?pfn=" + Uri.EscapeDataString(pfn);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "Locating a sandbox", cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "Locating a sandbox", cancellationToken);
        var ticket = await response.Content.ReadFromJsonAsync<SandboxDownloadTicket>(DiracHttp.Json, cancellationToken)
            ?? throw new DiracApiException("Locating a sandbox: empty answer.");
        using var download = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ticket.Url), "Downloading a sandbox", cancellationToken);
        if (!download.IsSuccessStatusCode)
        {
            throw await DiracHttp.FailureAsync(download, "Downloading a sandbox", cancellationToken);
        }

        return await download.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Sends with the bearer token; a 401 refreshes the token once and sends again.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        Func<HttpRequestMessage> build, string what, CancellationToken cancellationToken, bool retry = true)
    {
        var token = await _tokens.GetAccessTokenAsync(cancellationToken);
        var response = await _http.SendAsync(() => Authorize(build(), token), what, cancellationToken, retry);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await _tokens.RefreshAsync(token, cancellationToken);
        response = await _http.SendAsync(() => Authorize(build(), token), what, cancellationToken, retry);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new DiracAuthenticationException($"{what}: DiracX refused a freshly refreshed token: run 'vip dirac login' again.");
        }

        return response;
    }

    private static HttpRequestMessage Authorize(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw await DiracHttp.FailureAsync(response, what, cancellationToken);
        }
    }

    private static async Task<DiracBulkResult> BulkResultAsync(
        HttpResponseMessage response, HttpStatusCode partial, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != partial)
        {
            throw await DiracHttp.FailureAsync(response, what, cancellationToken);
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var result = DiracBulkResult.Parse(json.RootElement);
        if (response.StatusCode != HttpStatusCode.OK && result.Failed.Count == 0)
        {
            throw new DiracApiException($"{what}: DiracX answered {(int)response.StatusCode} without naming failed jobs.", response.StatusCode);
        }

        return result;
    }

    /// <summary>Whether a 206 answer's <c>Content-Range: jobs FIRST-LAST/TOTAL</c> says rows remain after LAST.</summary>
    internal static bool HasMore(HttpResponseMessage response)
    {
        var header = response.Content.Headers.TryGetValues("Content-Range", out var values) ? values.FirstOrDefault()
            : response.Headers.TryGetValues("Content-Range", out var other) ? other.FirstOrDefault() : null;
        if (header is null || !header.StartsWith("jobs ", StringComparison.Ordinal))
        {
            throw new DiracApiException($"Searching jobs: a 206 answer without a 'Content-Range: jobs …' header ('{header}').");
        }

        var range = header["jobs ".Length..];
        var slash = range.IndexOf('/', StringComparison.Ordinal);
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (slash < 0 || dash < 0 || dash > slash
            || !long.TryParse(range[(dash + 1)..slash], CultureInfo.InvariantCulture, out var last)
            || !long.TryParse(range[(slash + 1)..], CultureInfo.InvariantCulture, out var total))
        {
            throw new DiracApiException($"Searching jobs: unreadable Content-Range '{header}'.");
        }

        return last + 1 < total;
    }
}
