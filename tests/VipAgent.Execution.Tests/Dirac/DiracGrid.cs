using VipAgent.Execution.Dirac;
using VipAgent.Execution.Files;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

/// <summary>A contract server, a logged-in token folder and a backend pointed at it, for one test.</summary>
public sealed class DiracGrid : IAsyncDisposable
{
    private DiracGrid(DiracXServer server, TempFolder temp, DiracOptions options)
    {
        Server = server;
        Temp = temp;
        Options = options;
        Backend = DiracBackend.Create(options, new ContentStore(temp.Combine("store")), TimeProvider.System);
    }

    public DiracXServer Server { get; }

    public TempFolder Temp { get; }

    public DiracOptions Options { get; }

    public DiracBackend Backend { get; }

    public DiracTokenFile TokenFile => new(Options.TokenFolder);

    /// <summary>Starts a server and logs in (as <c>vip dirac login</c> would have, straight through the token authority).</summary>
    public static async Task<DiracGrid> StartAsync(
        DiracXServerOptions? server = null, Func<DiracOptions, DiracOptions>? configure = null, bool loggedIn = true)
    {
        var temp = new TempFolder();
        var diracx = await DiracXServer.StartAsync(server, TestContext.Current.CancellationToken);
        var options = new DiracOptions(diracx.Url, diracx.Options.Vo, temp.Combine("dirac"))
        {
            Group = diracx.Options.Group,
            RetryDelays = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)],
        };
        options = configure?.Invoke(options) ?? options;
        if (loggedIn)
        {
            var (access, refresh, expiresIn) = diracx.Tokens.Issue(diracx.Options.User);
            new DiracTokenFile(options.TokenFolder).Write(
                new DiracTokens(access, refresh, DateTimeOffset.UtcNow.AddSeconds(expiresIn).ToUnixTimeSeconds()));
        }

        return new DiracGrid(diracx, temp, options);
    }

    /// <summary>A job running <paramref name="script"/> with /bin/sh in its own folder.</summary>
    public JobSpec Job(string id, string script, params string[] outputs) =>
        new(id, Temp.Combine("jobs", id), JobCommand.FromArgv("/bin/sh", "-c", script)) { ExpectedOutputs = outputs };

    /// <summary>Submits and waits until every job is final.</summary>
    public async Task<(IReadOnlyList<SubmittedJob> Jobs, IReadOnlyList<JobStatus> Statuses)> RunAsync(params JobSpec[] jobs)
    {
        var handles = await Backend.SubmitAsync(jobs, TestContext.Current.CancellationToken);
        return (handles, await Execution.Tests.Jobs.WaitAsync(Backend, handles, TimeSpan.FromSeconds(60)));
    }

    /// <summary>The answers of the server that were refusals of what the client sent (4xx other than 401/404/416).</summary>
    public IEnumerable<(string Method, string Path, int Status)> Refusals =>
        Server.Requests.Where(r => r.Status is >= 400 and < 500 and not 401 and not 404 and not 416);

    public async ValueTask DisposeAsync()
    {
        Backend.Dispose();
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}
