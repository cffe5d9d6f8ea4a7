using System.Diagnostics;
using Xunit;

namespace VipAgent.Testing;

/// <summary>
/// The real single-node Slurm of tests/slurm/start.sh, started once per test run. Tests call <see cref="RequireAsync"/>,
/// which skips them with the script's reason when Slurm cannot run here (not root, no apt-get).
/// </summary>
public static class SlurmCluster
{
    private static readonly Lazy<Task<string?>> Started = new(StartAsync);

    /// <summary>A shared working folder the (single) node sees.</summary>
    public static string SharedRoot { get; } = Path.Combine(Path.GetTempPath(), "vipagent-slurm-tests");

    public static async Task RequireAsync()
    {
        var problem = await Started.Value;
        Assert.SkipWhen(problem is not null, "Slurm is not available: " + problem);
    }

    private static async Task<string?> StartAsync()
    {
        var script = Path.Combine(SharedData.RepositoryRoot, "tests", "slurm", "start.sh");
        // stdin too: the daemons it starts must not hold the test process's stdin (the xUnit runner's channel)
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Directory.CreateDirectory(SharedRoot);
        return process.ExitCode == 0 ? null : $"tests/slurm/start.sh exited {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}";
    }
}
