using System.Text.RegularExpressions;
using VipAgent.Execution.Containers;

namespace VipAgent.Execution;

/// <summary>
/// The files every backend keeps in a job's folder, under <c>.vip/</c> (so they never mix with outputs),
/// and the checks and argv shared by backends.
/// </summary>
public static partial class JobFiles
{
    /// <summary>The folder, inside the working folder, holding the job's logs and exit code.</summary>
    public const string Folder = ".vip";

    public static string StandardOutput(string workingDirectory) => Path.Combine(workingDirectory, Folder, "stdout.log");

    public static string StandardError(string workingDirectory) => Path.Combine(workingDirectory, Folder, "stderr.log");

    /// <summary>The file the job's exit code is written to when its command ends.</summary>
    public static string ExitCode(string workingDirectory) => Path.Combine(workingDirectory, Folder, "exit-code");

    /// <summary>The exit code a finished job wrote, or null when it wrote none.</summary>
    public static int? ReadExitCode(string workingDirectory)
    {
        try
        {
            var text = File.ReadAllText(ExitCode(workingDirectory)).Trim();
            return int.TryParse(text, out var code) ? code : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Refuses a spec that no backend could run safely, with a message naming the job and the value.</summary>
    public static void Validate(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!Path.IsPathFullyQualified(job.WorkingDirectory) || job.WorkingDirectory.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Job {job.JobId}: the working folder '{job.WorkingDirectory}' must be an absolute path on one line.", nameof(job));
        }

        foreach (var name in job.Environment.Keys.Where(k => !EnvironmentName().IsMatch(k)))
        {
            throw new ArgumentException($"Job {job.JobId}: '{name}' is not a valid environment variable name.", nameof(job));
        }

        foreach (var output in job.ExpectedOutputs)
        {
            Files.PathGuard.Resolve(job.WorkingDirectory, output);
        }
    }

    /// <summary>The argv that runs the job on this host, through <paramref name="runtime"/> when it uses a container.</summary>
    public static (IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> RuntimeEnvironment) Launch(
        JobSpec job, ContainerRuntime? runtime)
    {
        ArgumentNullException.ThrowIfNull(job);
        IReadOnlyList<string> inner = job.Command switch
        {
            ArgvCommand argv => argv.Arguments,
            ShellCommand shell => ["/bin/sh", "-c", shell.CommandLine],
            _ => throw new ArgumentException($"Job {job.JobId}: unknown command kind.", nameof(job)),
        };
        if (!job.UsesContainer)
        {
            return (inner, new Dictionary<string, string>());
        }

        if (runtime is null)
        {
            throw new ContainerRuntimeMissingException(job.JobId, job.ContainerImage!);
        }

        return runtime.Wrap(job.ContainerImage!, job.WorkingDirectory, inner, job.Environment);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
