using System.Globalization;
using System.Text;
using VipAgent.Execution.Containers;

namespace VipAgent.Execution.Slurm;

/// <summary>
/// Writes the batch script of one <c>sbatch --array</c>: a <c>case</c> on <c>SLURM_ARRAY_TASK_ID</c> whose arm N runs
/// job N in its folder (created on the node), with its environment, logs and exit-code file (VIP's trick, since
/// accounting may be absent). One file per batch, whatever its size. Every value in it is single-quoted; none
/// reaches sbatch's command line except through its argument list.
/// </summary>
internal static class SlurmScripts
{
    /// <summary>A stand-alone script that runs one job (what array task N runs, for tests and debugging).</summary>
    public static string JobScript(JobSpec job, ContainerRuntime? runtime) => "#!/bin/sh\n" + JobBody(job, runtime);

    /// <summary>The shell lines that run one job in its folder and record its exit code.</summary>
    public static string JobBody(JobSpec job, ContainerRuntime? runtime)
    {
        var (argv, runtimeEnvironment) = JobFiles.Launch(job, runtime);
        var environment = job.UsesContainer ? runtimeEnvironment : job.Environment;
        var folder = ShellQuote.Quote(job.WorkingDirectory);
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"mkdir -p {folder}/.vip && cd {folder} || exit 1\n");
        script.Append("rm -f .vip/exit-code\n");
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

    /// <summary>The batch script of one array: task N runs <paramref name="jobBodies"/>[N].</summary>
    public static string ArrayScript(IReadOnlyList<string> jobBodies, IReadOnlyList<string> extraSbatchLines)
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

        script.Append("# Written by VipAgent: array task N runs job N of this batch.\n");
        script.Append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
        for (var task = 0; task < jobBodies.Count; task++)
        {
            script.Append(CultureInfo.InvariantCulture, $"{task})\n").Append(jobBodies[task]).Append(";;\n");
        }

        script.Append("*) echo \"no job for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 1 ;;\nesac\n");
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
