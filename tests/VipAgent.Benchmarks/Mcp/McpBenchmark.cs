using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Mcp;

/// <summary>
/// Issue 9 targets, on the real executable: read-only tool calls over HTTP from 50 concurrent clients on loopback for
/// 60 s (target p99 &lt; 50 ms, no errors), and `vip mcp` start to the first tools/list answer (target &lt; 1 s).
/// Run: dotnet run -c Release --project tests/VipAgent.Benchmarks -- mcp [seconds] [clients] [rounds]
/// </summary>
public static class McpBenchmark
{
    private static readonly (string Tool, Dictionary<string, object?> Arguments)[] Calls =
    [
        ("search_applications", new() { ["query"] = "mrtrix" }),
        ("get_application", new() { ["name"] = "mrconvert" }),
        ("list_executions", new() { ["limit"] = 20 }),
        ("validate_invocation", new() { ["name"] = "mrthreshold", ["invocation"] = JsonSerializer.SerializeToElement(new { }) }),
    ];

    public static async Task RunAsync(string[] args)
    {
        var seconds = args is [var s, ..] && int.TryParse(s, out var parsed) ? parsed : 60;
        var clients = args is [_, var c, ..] && int.TryParse(c, out var parsedClients) ? parsedClients : 50;
        var rounds = args is [_, _, var r, ..] && int.TryParse(r, out var parsedRounds) ? parsedRounds : 5;
        var dataDir = VipCli.NewDataDir();
        try
        {
            await HttpLoadAsync(dataDir, TimeSpan.FromSeconds(seconds), clients);
            await StdioStartAsync(dataDir, rounds);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task HttpLoadAsync(string dataDir, TimeSpan duration, int clientCount)
    {
        await using var server = VipServer.Start(dataDir);
        await server.WaitUntilHealthyAsync();
        var created = await VipCli.RunAsync(["keys", "create", "--user", "bench", "--role", "admin", "--json", "--data-dir", dataDir]);
        if (created.ExitCode != 0)
        {
            throw new InvalidOperationException(created.StandardError);
        }

        var key = JsonDocument.Parse(created.StandardOutput).RootElement.GetProperty("key").GetString()!;
        var connected = await Task.WhenAll(Enumerable.Range(0, clientCount).Select(_ => McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri($"{server.Url}/mcp"),
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        }))));
        foreach (var client in connected)
        {
            await client.CallToolAsync(Calls[0].Tool, Calls[0].Arguments); // warm-up
        }

        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var end = Stopwatch.StartNew();
        await Task.WhenAll(connected.Select((client, n) => Task.Run(async () =>
        {
            for (var i = n; end.Elapsed < duration; i++)
            {
                var (tool, arguments) = Calls[i % Calls.Length];
                var clock = Stopwatch.StartNew();
                try
                {
                    var result = await client.CallToolAsync(tool, arguments);
                    if (result.IsError ?? false)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        })));
        foreach (var client in connected)
        {
            await client.DisposeAsync();
        }

        var sorted = latencies.Order().ToList();
        Console.WriteLine($"HTTP /mcp read-only calls, {clientCount} clients, {duration.TotalSeconds:0} s: {sorted.Count} calls ({sorted.Count / end.Elapsed.TotalSeconds:0}/s), " +
            $"p50 {Percentile(sorted, 0.50):0.0} ms, p99 {Percentile(sorted, 0.99):0.0} ms, max {sorted[^1]:0.0} ms, errors {errors} (target p99 < 50 ms, 0 errors)");
    }

    private static async Task StdioStartAsync(string dataDir, int rounds)
    {
        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = Path.Combine(VipCli.BinaryFolder, "vip"),
                Arguments = ["mcp", "--data-dir", dataDir],
                EnvironmentVariables = new Dictionary<string, string?> { ["VIPAGENT_POSTGRES_FAST"] = "1" },
            }));
            var tools = await client.ListToolsAsync();
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (tools.Count != 12)
            {
                throw new InvalidOperationException($"vip mcp listed {tools.Count} tools, not 12.");
            }
        }

        samples.Sort();
        Console.WriteLine($"vip mcp start -> first tools/list answer: median {samples[samples.Count / 2]:0} ms, min {samples[0]:0} ms, max {samples[^1]:0} ms (n={samples.Count}, target < 1000 ms)");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
