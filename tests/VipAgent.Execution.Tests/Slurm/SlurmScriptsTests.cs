using System.Diagnostics;
using VipAgent.Execution.Slurm;

namespace VipAgent.Execution.Tests.Slurm;

/// <summary>The job script Slurm runs, run here by /bin/sh directly: what it does needs no cluster.</summary>
public sealed class SlurmScriptsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private async Task<int> RunScriptAsync(JobSpec job)
    {
        var script = _temp.Combine(job.JobId + ".sh");
        await File.WriteAllTextAsync(script, SlurmScripts.JobScript(job, runtime: null), TestContext.Current.CancellationToken);
        return await RunDetachedAsync(new ProcessStartInfo("/bin/sh", [script]) { WorkingDirectory = "/" });
    }

    [Fact]
    public async Task Runs_an_argv_with_hostile_values_literally_in_a_folder_whose_name_needs_quoting()
    {
        var folder = _temp.Combine("it's a $(folder)");
        var job = new JobSpec("j", folder, JobCommand.FromArgv("/usr/bin/printf", "%s", Hostile.Value))
        {
            Environment = new Dictionary<string, string> { ["SUBJECT"] = Hostile.Value },
        };

        var exitCode = await RunScriptAsync(job);

        exitCode.ShouldBe(0);
        File.ReadAllText(JobFiles.StandardOutput(folder)).ShouldBe(Hostile.Value);
        JobFiles.ReadExitCode(folder).ShouldBe(0);
        Hostile.Traces(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Gives_the_environment_literally_and_records_the_exit_code_of_a_shell_line()
    {
        var folder = _temp.Combine("shell");
        var job = new JobSpec("j", folder, JobCommand.FromShell("printf '%s' \"$SUBJECT\" > subject.txt; exit 7"))
        {
            Environment = new Dictionary<string, string> { ["SUBJECT"] = Hostile.Value },
        };

        var exitCode = await RunScriptAsync(job);

        exitCode.ShouldBe(7);
        JobFiles.ReadExitCode(folder).ShouldBe(7);
        File.ReadAllText(Path.Combine(folder, "subject.txt")).ShouldBe(Hostile.Value);
        Hostile.Traces(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Array_task_n_runs_only_job_n_of_the_batch()
    {
        JobSpec[] jobs =
        [
            new("first", _temp.Combine("first"), JobCommand.FromShell("echo one")),
            new("second", _temp.Combine("second"), JobCommand.FromArgv("/bin/echo", "two;;", "esac")),
        ];
        var script = _temp.Write("array.sh", SlurmScripts.ArrayScript(jobs.Select(j => SlurmScripts.JobBody(j, null)).ToList(), []));
        var start = new ProcessStartInfo("/bin/sh", [script]) { Environment = { ["SLURM_ARRAY_TASK_ID"] = "1" } };

        var exitCode = await RunDetachedAsync(start);

        exitCode.ShouldBe(0);
        File.ReadAllText(JobFiles.StandardOutput(jobs[1].WorkingDirectory)).ShouldBe("two;; esac\n");
        Directory.Exists(jobs[0].WorkingDirectory).ShouldBeFalse();
    }

    [Fact]
    public void Refuses_an_extra_sbatch_line_that_is_not_one_sbatch_directive() =>
        Should.Throw<ArgumentException>(() => SlurmScripts.ArrayScript(["true\n"], ["#SBATCH --mem=1G\nrm -rf /"]))
            .Message.ShouldContain("rm -rf /");

    [Theory]
    [InlineData(0.2, "0-00:00:01")]
    [InlineData(90, "0-00:01:30")]
    [InlineData(90061, "1-01:01:01")]
    public void Writes_the_wall_time_in_slurm_days_hours_minutes_seconds(double seconds, string expected) =>
        SlurmScripts.TimeLimit(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    /// <summary>
    /// The script gets its own standard streams: a child that inherits the test process's stdin and stdout shares the
    /// channel the xUnit runner drives the test process through.
    /// </summary>
    private static async Task<int> RunDetachedAsync(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    public void Dispose() => _temp.Dispose();
}
