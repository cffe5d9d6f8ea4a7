using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VipAgent.Testing;

/// <summary>What a finished `vip` process did.</summary>
public sealed record VipRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the real `vip` executable (built beside the tests) as a separate process, the way a
/// person or a script does, optionally as another Unix user.
/// </summary>
public static class VipCli
{
    public static string BinaryFolder => AppContext.BaseDirectory;

    public static async Task<VipRun> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? asUser = null, string? binaryFolder = null, TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment, asUser, binaryFolder);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vip {string.Join(' ', arguments)} did not finish in time. stderr: {await stderr}");
        }

        return new VipRun(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? asUser = null, string? binaryFolder = null)
    {
        var executable = Path.Combine(binaryFolder ?? BinaryFolder, "vip");
        var start = new ProcessStartInfo
        {
            FileName = asUser is null ? executable : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asUser is not null)
        {
            foreach (var part in new[] { "-u", asUser, "--", executable })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("VIPAGENT_CONNECTION");
        start.Environment.Remove("VIPAGENT_DATA");
        start.Environment["VIPAGENT_POSTGRES_FAST"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start vip.");
        process.StandardInput.Close();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string NewDataDir() => Path.Combine(Path.GetTempPath(), $"vipagent-test-{Guid.NewGuid():n}");
}
