using System.Diagnostics;
using System.Globalization;
using VipAgent.Execution;
using VipAgent.Execution.Dirac;
using VipAgent.Execution.Files;
using VipAgent.Testing.DiracX;

namespace VipAgent.Benchmarks.Execution;

/// <summary>
/// The DIRAC backend against the loopback DiracX contract server (in this process): submit N jobs (default 1,000;
/// each with its own input file, so N sandboxes), then one status tick over all of them. Run:
/// <c>dotnet run -c Release --project tests/VipAgent.Benchmarks -- dirac [N]</c>. The server's own work is in the
/// wall times (same process); CPU is the process's, server included.
/// </summary>
public static class DiracBenchmark
{
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args is [var n, ..] && int.TryParse(n, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1000;
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores; {count} jobs");
        var root = Path.Combine(ExecutionBenchmarks.Folder, "vip-bench-dirac-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            await using var server = await DiracXServer.StartAsync(new DiracXServerOptions { TickInterval = null, RunExecutables = false }, cancellationToken);
            var options = new DiracOptions(server.Url, server.Options.Vo, Path.Combine(root, "dirac")) { Group = server.Options.Group };
            var (access, refresh, expiresIn) = server.Tokens.Issue(server.Options.User);
            new DiracTokenFile(options.TokenFolder).Write(new DiracTokens(access, refresh, DateTimeOffset.UtcNow.AddSeconds(expiresIn).ToUnixTimeSeconds()));
            await using var backend = DiracBackend.Create(options, new ContentStore(Path.Combine(root, "store")), TimeProvider.System);
            var jobs = Enumerable.Range(0, count).Select(i =>
            {
                var folder = Path.Combine(root, "jobs", i.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "input.txt"), $"subject {i}\n");
                return new JobSpec($"job-{i}", folder, JobCommand.FromArgv("/bin/sh", "-c", "wc -c input.txt > n.txt")) { ExpectedOutputs = ["n.txt"] };
            }).ToList();

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var handles = await backend.SubmitAsync(jobs, cancellationToken);
            var submit = clock.Elapsed;
            var submitCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var submitRequests = backend.Client.RequestCount;
            ExecutionBenchmarks.Report($"dirac: submit {count} jobs (wall)", submit.TotalSeconds, "s", "10,000 under 10 s");
            ExecutionBenchmarks.Report($"dirac: submit {count} jobs (process CPU, server included)", submitCpu.TotalSeconds, "s", "-");
            Console.WriteLine($"  requests: {submitRequests} in all; {server.CountRequests("POST", "/api/jobs/jdl")} POST /api/jobs/jdl, " +
                $"{server.CountRequests("POST", "/api/jobs/sandbox")} POST /api/jobs/sandbox, {server.SandboxUploads} presigned uploads");

            server.Advance();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var statuses = await backend.PollAsync(handles, cancellationToken);
            var tick = clock.Elapsed;
            var tickCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            ExecutionBenchmarks.Report($"dirac: one status tick of {count} jobs (wall)", tick.TotalSeconds, "s", "-");
            ExecutionBenchmarks.Report($"dirac: one status tick (process CPU, server included)", tickCpu.TotalSeconds, "s", "under 1 s for 10,000");
            Console.WriteLine($"  search requests: {server.CountRequests("POST", "/api/jobs/search")} (page size {options.PageSize}); " +
                $"{statuses.Count(s => s.State == JobState.Queued)} of {count} queued");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
