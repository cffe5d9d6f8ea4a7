using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace VipAgent.Testing;

/// <summary>A running `vip serve` process on a free loopback port, stopped with SIGTERM as a service manager would.</summary>
public sealed class VipServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;

    private VipServer(Process process, string url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        _pump = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public string Url { get; }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout + "\n" + _stderr;
            }
        }
    }

    public static VipServer Start(string dataDir, IReadOnlyDictionary<string, string>? environment = null, string? asUser = null, string? binaryFolder = null)
    {
        var url = $"http://127.0.0.1:{VipCli.FreePort()}";
        var process = VipCli.Start(["serve", "--data-dir", dataDir, "--urls", url], environment, asUser, binaryFolder);
        return new VipServer(process, url);
    }

    /// <summary>Polls GET /health until it answers 200 and returns its JSON body.</summary>
    public async Task<JsonElement> WaitUntilHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"vip serve exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"vip serve did not become healthy: {Output}");
    }

    /// <summary>Kills `vip serve` with SIGKILL, as a crash or the OOM killer would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        var target = ChildOf(_process.Id) ?? _process.Id;
        using (var kill = Process.Start("kill", ["-KILL", target.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(limit.Token);
        await _pump;
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            // Under runuser, signal vip itself: runuser would kill it two seconds after forwarding.
            var target = ChildOf(_process.Id) ?? _process.Id;
            using var kill = Process.Start("kill", ["-TERM", target.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(limit.Token);
        await _pump;
        return _process.ExitCode;
    }

    private int? ChildOf(int pid)
    {
        var children = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(children) || Path.GetFileName(_process.StartInfo.FileName) != "runuser")
        {
            return null;
        }

        var first = File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, out var child) ? child : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        Http.Dispose();
        _process.Dispose();
    }

    private async Task Pump(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_stdout)
            {
                into.AppendLine(line);
            }
        }
    }
}
