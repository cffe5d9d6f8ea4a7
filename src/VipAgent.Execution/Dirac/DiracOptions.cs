namespace VipAgent.Execution.Dirac;

/// <summary>Settings of the DIRAC backend: where DiracX is, who we are on it, and the JDL defaults every job gets.</summary>
/// <param name="Url">The DiracX base URL (e.g. <c>https://diracx.example.org</c>); routes are under <c>/api</c>.</param>
/// <param name="Vo">The virtual organisation (scope <c>vo:NAME</c>).</param>
/// <param name="TokenFolder">The folder holding the stored tokens (<c>DATA-DIR/dirac</c>); the file inside is 0600.</param>
public sealed record DiracOptions(Uri Url, string Vo, string TokenFolder)
{
    /// <summary>DiracX's own limit on jobs per submission request (<c>MAX_PARAMETRIC_JOBS</c>).</summary>
    public const int MaxJobsPerRequest = 20;

    /// <summary>The group (scope <c>group:NAME</c>); null: the VO's default group.</summary>
    public string? Group { get; init; }

    /// <summary>The OAuth client id (DiracX's default public client).</summary>
    public string ClientId { get; init; } = "myDIRACClientID";

    /// <summary>CPU time asked for a job without a wall time, in seconds (DIRAC accepts 100 to 500,000).</summary>
    public int CpuTimeSeconds { get; init; } = 86400;

    /// <summary>Job priority, 0 to 10.</summary>
    public int Priority { get; init; } = 1;

    /// <summary>Sites jobs may run at; empty: any.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>Sites jobs must not run at.</summary>
    public IReadOnlyList<string> BannedSites { get; init; } = [];

    /// <summary>Tags every job asks for (e.g. <c>8Processors</c>, <c>GPU</c>).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Jobs of one split step go in one parametric JDL per request (true) or as a bulk array of plain JDLs.</summary>
    public bool Parametric { get; init; } = true;

    /// <summary>Jobs asked for per search page (1 to 10,000): one tick costs ⌈jobs / PageSize⌉ search calls.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Waits between attempts of a call that failed transiently (5xx, timeout, network); its length is the retry count.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16)];

    /// <summary>How long one HTTP call may take before it counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>An access token is refreshed when it has less than this left.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The OAuth scope asked for: <c>vo:VO [group:GROUP]</c>.</summary>
    public string Scope => Group is null ? "vo:" + Vo : $"vo:{Vo} group:{Group}";

    /// <summary>Refuses settings DiracX would refuse, naming the setting and what to do.</summary>
    public void Validate()
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttps && Url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"VipAgent:Dirac:Url '{Url}' must be an absolute http(s) URL of a DiracX server.");
        }

        if (string.IsNullOrWhiteSpace(Vo) || Vo.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("VipAgent:Dirac:Vo must name the virtual organisation (one word).");
        }

        if (Group is not null && (Group.Length == 0 || Group.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("VipAgent:Dirac:Group must be one word, or unset for the VO's default group.");
        }

        if (CpuTimeSeconds is < 100 or > 500000)
        {
            throw new ArgumentException($"VipAgent:Dirac:CpuTime {CpuTimeSeconds} is outside DIRAC's 100..500000 seconds.");
        }

        if (Priority is < 0 or > 10)
        {
            throw new ArgumentException($"VipAgent:Dirac:Priority {Priority} is outside DIRAC's 0..10.");
        }

        if (PageSize is < 1 or > 10000)
        {
            throw new ArgumentException($"VipAgent:Dirac:PageSize {PageSize} is outside DiracX's 1..10000.");
        }
    }
}
