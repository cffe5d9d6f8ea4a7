using System.Globalization;
using System.Text;
using VipAgent.Execution.Containers;

namespace VipAgent.Execution.Slurm;

/// <summary>
/// Writes the two scripts a Slurm job needs: the job's own <c>.vip/job.sh</c> (environment, command, exit-code file)
/// and one array script per batch that picks the job folder of <c>SLURM_ARRAY_TASK_ID</c>. Every value in them
/// is single-quoted; none reaches sbatch's command line except through its argument list.
/// </summary>
internal static class SlurmScripts
{
    /// <summary>The script that runs one job in its folder and records its exit code (VIP's exit-code file).</summary>
    public static string JobScript(JobSpec job, ContainerRuntime? runtime)
    {
        var (argv, runtimeEnvironment) = JobFiles.Launch(job, runtime);
        var environment = job.UsesContainer ? runtimeEnvironment : job.Environment;
        var script = new StringBuilder("#!/bin/sh\n# Written by VipAgent: runs one job and records its exit code.\n");
        script.Append(CultureInfo.InvariantCulture, $"cd {ShellQuote.Quote(job.WorkingDirectory)} || exit 1\n");
        foreach (var (key, value) in environment)
        {
            script.Append(CultureInfo.InvariantCulture, $"{key}={ShellQuote.Quote(value)}; export {key}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"{ShellQuote.Join(argv)} </dev/null >.vip/stdout.log 2>.vip/stderr.log\n");
        script.Append("code=$?\n");
        script.Append("echo \"$code\" >.vip/exit-code.part && mv .vip/exit-code.part .vip/exit-code\n");
        script.Append("exit \"$code\"\n");
        return script.ToString();
    }

    /// <summary>The batch script of one array: task N runs the job script of line N+1 of <paramref name="jobList"/>.</summary>
    public static string ArrayScript(string jobList, IReadOnlyList<string> extraSbatchLines)
    {
        var script = new StringBuilder("#!/bin/sh\n");
        foreach (var line in extraSbatchLines)
        {
            if (!line.StartsWith("#SBATCH ", StringComparison.Ordinal) || line.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The extra line '{line}' is not one '#SBATCH …' line.", nameof(extraSbatchLines));
            }

            script.Append(line).Append('\n');
        }

        script.Append("# Written by VipAgent: one array task per job folder listed in the job list.\n");
        script.Append(CultureInfo.InvariantCulture, $"folder=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {ShellQuote.Quote(jobList)})\n");
        script.Append("[ -n \"$folder\" ] || { echo \"no job for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 1; }\n");
        script.Append("exec /bin/sh \"$folder/.vip/job.sh\"\n");
        return script.ToString();
    }

    /// <summary>Slurm's <c>--time</c> value (days-hours:minutes:seconds), rounded up to whole seconds.</summary>
    public static string TimeLimit(TimeSpan limit)
    {
        var total = (long)Math.Ceiling(limit.TotalSeconds);
        var span = TimeSpan.FromSeconds(Math.Max(total, 1));
        return string.Create(CultureInfo.InvariantCulture, $"{span.Days}-{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}");
    }
}
