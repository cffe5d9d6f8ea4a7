using System.Diagnostics;

namespace VipAgent.Execution.Slurm;

/// <summary>What a Slurm command returned.</summary>
internal sealed record SlurmCommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs sbatch, squeue and scancel with an argument list (never through a shell).</summary>
internal sealed class SlurmCommand(SlurmBackendOptions options)
{
    public async Task<SlurmCommandResult> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.BinDirectory is null ? program : Path.Combine(options.BinDirectory, program))
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new SlurmException($"Could not start {program}.");
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new SlurmCommandResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new SlurmException($"{program} did not answer within {options.CommandTimeout.TotalSeconds:0} s.");
        }
    }
}
