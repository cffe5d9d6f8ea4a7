using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VipAgent.Testing.DiracX;

/// <summary>
/// A test double of DiracX on a loopback port, enforcing its REST contract strictly (see README.md in this folder):
/// bearer tokens, the device flow and refresh rotation, the 20-job limit and parametric rules, JDL syntax, search
/// paging (200/206/416 with Content-Range), the state machine on status changes, presigned sandbox transfers. Jobs
/// progress on a timer and run their executable locally; faults are injected through <see cref="Faults"/>.
/// </summary>
public sealed partial class DiracXServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, DiracXJob> _jobs = [];
    private readonly List<(string Method, string Path, int Status)> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly string _work;
    private readonly bool _ownsWork;
    private Task _ticker = Task.CompletedTask;
    private long _nextJobId = 1000;

    private DiracXServer(WebApplication app, DiracXServerOptions options)
    {
        _app = app;
        Options = options;
        Tokens = new DiracXTokens(options.Time, options.AccessTokenLifetime, options.RefreshTokenLifetime);
        _ownsWork = options.WorkFolder is null;
        _work = options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "diracx-double-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(_work);
    }

    /// <summary>The base URL (e.g. <c>http://127.0.0.1:41234</c>).</summary>
    public Uri Url { get; private set; } = null!;

    public DiracXServerOptions Options { get; }

    /// <summary>The token authority (login, expiry fault, refresh counters).</summary>
    public DiracXTokens Tokens { get; }

    /// <summary>Faults to inject.</summary>
    public DiracXFaults Faults { get; } = new();

    /// <summary>Starts a server on 127.0.0.1 and a free port.</summary>
    public static async Task<DiracXServer> StartAsync(DiracXServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DiracXServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new DiracXServer(app, options);
        server.Map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        if (options.TickInterval is { } interval)
        {
            server._ticker = Task.Run(() => server.TickAsync(interval));
        }

        return server;
    }

    /// <summary>Every request answered so far: method, path and status.</summary>
    public IReadOnlyList<(string Method, string Path, int Status)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many requests of this method went to this path.</summary>
    public int CountRequests(string method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    /// <summary>Every job, by id.</summary>
    public IReadOnlyList<DiracXJob> Jobs
    {
        get
        {
            lock (_lock)
            {
                return [.. _jobs.Values.OrderBy(j => j.JobId)];
            }
        }
    }

    /// <summary>What a person does at the verification URL: approves the device login with this code.</summary>
    public bool ApproveDevice(string userCode) => Tokens.Approve(userCode);

    /// <summary>Moves every job one step (what the timer does each tick).</summary>
    public void Advance()
    {
        lock (_lock)
        {
            foreach (var job in _jobs.Values)
            {
                Progress(job);
            }
        }
    }

    /// <summary>Forces a job's status, as a site or the watchdog would (not through the API).</summary>
    public void SetStatus(long jobId, string status, string minorStatus)
    {
        lock (_lock)
        {
            var job = _jobs[jobId];
            Move(job, status, minorStatus);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _ticker;
        lock (_lock)
        {
            foreach (var job in _jobs.Values)
            {
                job.Kill?.Cancel();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
        if (_ownsWork)
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // a job still writing: the temp folder is left behind
            }
        }
    }

    private async Task TickAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Advance();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(Gate);
        MapAuth(app);
        MapJobs(app);
        MapSandboxes(app);
    }

    /// <summary>Records, delays, injects faults and checks the bearer token of <c>/api/jobs</c> routes.</summary>
    private async Task Gate(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        try
        {
            if (Faults.Delay > TimeSpan.Zero)
            {
                await Task.Delay(Faults.Delay, context.RequestAborted);
            }

            if (Faults.TakeFailure(path))
            {
                if (Faults.FailAfterProcessing && await AuthorizedAsync(context, path))
                {
                    var real = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    await next(context);
                    context.Response.Body = real;
                    context.Response.Headers.Clear();
                }

                await WriteAsync(context, (int)Faults.FailureStatus, new { detail = "Injected fault: service unavailable" });
                return;
            }

            if (await AuthorizedAsync(context, path))
            {
                await next(context);
            }
        }
        finally
        {
            lock (_requests)
            {
                _requests.Add((context.Request.Method, path, context.Response.StatusCode));
            }
        }
    }

    private async Task<bool> AuthorizedAsync(HttpContext context, string path)
    {
        if (!path.StartsWith("/api/jobs", StringComparison.Ordinal) && !path.StartsWith("/api/auth/userinfo", StringComparison.Ordinal))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        string reason;
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            reason = "Not authenticated";
        }
        else if (Tokens.ValidateAccess(header["Bearer ".Length..], out reason) is { } user)
        {
            context.Items["user"] = user;
            return true;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await WriteAsync(context, 401, new { detail = reason });
        return false;
    }

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static Task Detail(HttpContext context, int status, object detail) => WriteAsync(context, status, new { detail });

    private static bool IsJson(HttpContext context) =>
        context.Request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private string User(HttpContext context) => (string)context.Items["user"]!;
}
