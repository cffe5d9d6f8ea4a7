using System.Globalization;
using System.Text;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// The script a grid worker runs (the JDL's <c>Executable</c>): in the unpacked sandbox it sets the job's environment,
/// runs its command (every value single-quoted, no user text ever reaches the JDL), records the exit code and packs
/// the expected outputs that exist into one tar for the output sandbox.
/// </summary>
public static class DiracJobScript
{
    /// <summary>The script's name in the sandbox.</summary>
    public const string Name = "vip-job.sh";

    /// <summary>The command's standard output, returned in the output sandbox.</summary>
    public const string StandardOutput = "std.out";

    /// <summary>The command's standard error, returned in the output sandbox.</summary>
    public const string StandardError = "std.err";

    /// <summary>The file holding the command's exit code.</summary>
    public const string ExitCode = "vip-exit-code";

    /// <summary>The tar of the job's expected outputs.</summary>
    public const string Outputs = "vip-outputs.tar";

    /// <summary>What the output sandbox holds.</summary>
    public static IReadOnlyList<string> OutputSandbox { get; } = [StandardOutput, StandardError, ExitCode, Outputs];

    /// <summary>The script that runs <paramref name="job"/> on a worker.</summary>
    public static string For(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        JobFiles.Validate(job);
        var (argv, _) = JobFiles.Launch(job, runtime: null);
        var script = new StringBuilder("#!/bin/sh\n# Written by VipAgent: runs one job in its unpacked DIRAC sandbox.\n");
        script.Append("cd \"$(dirname \"$0\")\" || exit 1\n");
        foreach (var (key, value) in job.Environment)
        {
            script.Append(CultureInfo.InvariantCulture, $"{key}={ShellQuote.Quote(value)}; export {key}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"{ShellQuote.Join(argv)} </dev/null >{StandardOutput} 2>{StandardError}\n");
        script.Append("code=$?\n");
        script.Append(CultureInfo.InvariantCulture, $"echo \"$code\" >{ExitCode}\n");
        script.Append("set --\n");
        script.Append(CultureInfo.InvariantCulture, $"for output in {ShellQuote.Join(job.ExpectedOutputs.DefaultIfEmpty(".vip-none"))}; do\n");
        script.Append("  [ -e \"$output\" ] && set -- \"$@\" \"$output\"\n");
        script.Append("done\n");
        script.Append(CultureInfo.InvariantCulture, $"if [ $# -gt 0 ]; then tar -cf {Outputs} -- \"$@\" 2>>{StandardError}; fi\n");
        script.Append("exit \"$code\"\n");
        return script.ToString();
    }
}
