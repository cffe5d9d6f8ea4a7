using System.Globalization;
using System.Security.Cryptography;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;

namespace VipAgent.Execution.Tests.Local;

public sealed class LocalBackendTests : IAsyncDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();
    private readonly LocalBackend _backend;

    public LocalBackendTests()
    {
        _backend = new LocalBackend(new LocalBackendOptions(), new ContentStore(_temp.Combine("store")), TimeProvider.System);
    }

    private JobSpec Job(string id, JobCommand command) => new(id, _temp.Combine(id), command);

    private async Task<(SubmittedJob Job, JobStatus Status)> RunAsync(JobSpec spec)
    {
        var handle = (await _backend.SubmitAsync([spec], TestContext.Current.CancellationToken)).Single();
        return (handle, await Jobs.WaitAsync(_backend, handle, Within));
    }

    [Fact]
    public async Task Runs_an_argv_without_a_shell_in_its_own_folder_and_captures_stdout_and_stderr()
    {
        var (job, status) = await RunAsync(Job("argv", JobCommand.FromArgv("/bin/sh", "-c", "pwd; echo oops >&2")));

        status.State.ShouldBe(JobState.Completed);
        status.ExitCode.ShouldBe(0);
        File.ReadAllText(JobFiles.StandardOutput(job.WorkingDirectory)).Trim().ShouldBe(_temp.Combine("argv"));
        File.ReadAllText(JobFiles.StandardError(job.WorkingDirectory)).Trim().ShouldBe("oops");
    }

    [Fact]
    public async Task Passes_a_value_full_of_shell_metacharacters_as_one_literal_argument_on_the_argv_path()
    {
        var (job, status) = await RunAsync(Job("argv-hostile", JobCommand.FromArgv("/usr/bin/printf", "%s", Hostile.Value)));

        status.State.ShouldBe(JobState.Completed);
        File.ReadAllText(JobFiles.StandardOutput(job.WorkingDirectory)).ShouldBe(Hostile.Value);
        Hostile.Traces(job.WorkingDirectory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Passes_a_single_quoted_hostile_value_literally_through_sh_c()
    {
        var line = "printf '%s' " + ShellQuote.Quote(Hostile.Value) + " > value.txt";

        var (job, status) = await RunAsync(Job("shell-hostile", JobCommand.FromShell(line)));

        status.State.ShouldBe(JobState.Completed);
        File.ReadAllText(Path.Combine(job.WorkingDirectory, "value.txt")).ShouldBe(Hostile.Value);
        Hostile.Traces(job.WorkingDirectory).ShouldBeEmpty();
    }

    [Fact]
    public async Task Gives_the_job_its_environment_and_records_a_non_zero_exit_code_as_failed()
    {
        var spec = Job("env", JobCommand.FromShell("echo \"$SUBJECT\"; exit 3")) with
        {
            Environment = new Dictionary<string, string> { ["SUBJECT"] = "sub-01 $(nope)" },
        };

        var (job, status) = await RunAsync(spec);

        status.State.ShouldBe(JobState.Failed);
        status.ExitCode.ShouldBe(3);
        status.BackendState.ShouldBe("FAILED");
        File.ReadAllText(JobFiles.StandardOutput(job.WorkingDirectory)).Trim().ShouldBe("sub-01 $(nope)");
        JobFiles.ReadExitCode(job.WorkingDirectory).ShouldBe(3);
    }

    [Fact]
    public async Task Kills_the_whole_process_tree_of_a_job_past_its_wall_time_and_says_it_timed_out()
    {
        var spec = Job("slow", JobCommand.FromShell("sleep 60 & echo $! > child.pid; wait")) with
        {
            WallTime = TimeSpan.FromSeconds(1),
        };
        var started = DateTimeOffset.UtcNow;

        var (job, status) = await RunAsync(spec);

        status.State.ShouldBe(JobState.Failed);
        status.TimedOut.ShouldBeTrue();
        status.Reason.ShouldNotBeNull().ShouldContain("wall time");
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(10));
        Jobs.ProcessIsGone(int.Parse(File.ReadAllText(Path.Combine(job.WorkingDirectory, "child.pid")), CultureInfo.InvariantCulture))
            .ShouldBeTrue();
    }

    [Fact]
    public async Task Cancelling_a_running_job_kills_its_process_tree()
    {
        var spec = Job("cancel", JobCommand.FromShell("sleep 60 & echo $! > child.pid; wait"));
        var handle = (await _backend.SubmitAsync([spec], TestContext.Current.CancellationToken)).Single();
        var pidFile = Path.Combine(handle.WorkingDirectory, "child.pid");
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Length == 0)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await _backend.CancelAsync([handle], TestContext.Current.CancellationToken);

        var status = (await _backend.PollAsync([handle], TestContext.Current.CancellationToken)).Single();
        status.State.ShouldBe(JobState.Cancelled);
        Jobs.ProcessIsGone(int.Parse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture)).ShouldBeTrue();
    }

    [Fact]
    public async Task Runs_no_more_jobs_at_once_than_its_concurrency_limit()
    {
        await using var backend = new LocalBackend(
            new LocalBackendOptions { MaxConcurrency = 2 }, new ContentStore(_temp.Combine("store")), TimeProvider.System);
        var specs = Enumerable.Range(0, 4)
            .Select(i => Job($"c{i}", JobCommand.FromShell("sleep 2"))).ToList();

        var handles = await backend.SubmitAsync(specs, TestContext.Current.CancellationToken);
        IReadOnlyList<JobStatus> early;
        do
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            early = await backend.PollAsync(handles, TestContext.Current.CancellationToken);
        }
        while (early.Count(s => s.State == JobState.Running) < 2 && !early.Any(s => s.IsFinal));
        var final = await Jobs.WaitAsync(backend, handles, Within);

        early.Count(s => s.State == JobState.Running).ShouldBe(2);
        early.Count(s => s.State == JobState.Queued).ShouldBe(2);
        final.ShouldAllBe(s => s.State == JobState.Completed);
    }

    [Fact]
    public async Task Reports_a_program_that_does_not_exist_as_a_failed_job()
    {
        var (_, status) = await RunAsync(Job("missing", JobCommand.FromArgv("/no/such/program")));

        status.State.ShouldBe(JobState.Failed);
        status.BackendState.ShouldBe("FAILED_TO_START");
        status.Reason.ShouldNotBeNull().ShouldContain("/no/such/program");
    }

    [Fact]
    public async Task Refuses_at_submission_a_job_whose_expected_output_leaves_its_folder()
    {
        var spec = Job("escape", JobCommand.FromArgv("true")) with { ExpectedOutputs = ["ok.txt", "../../etc/cron.d/x"] };

        var refusal = await Should.ThrowAsync<PathEscapeException>(() => _backend.SubmitAsync([spec], TestContext.Current.CancellationToken));

        refusal.Path.ShouldBe("../../etc/cron.d/x");
    }

    [Fact]
    public async Task Collects_the_outputs_a_job_wrote_with_their_hashes()
    {
        var spec = Job("outputs", JobCommand.FromShell("mkdir -p out && printf mask > out/mask.nii")) with
        {
            ExpectedOutputs = ["out/mask.nii", "out/never.nii"],
        };
        var (job, _) = await RunAsync(spec);

        var outputs = await _backend.CollectOutputsAsync(job, TestContext.Current.CancellationToken);

        var sha = Convert.ToHexStringLower(SHA256.HashData("mask"u8));
        outputs.Files.ShouldBe([new CollectedOutput("out/mask.nii", sha, 4)]);
        outputs.Missing.ShouldBe(["out/never.nii"]);
    }

    [Fact]
    public async Task A_new_backend_still_reports_a_finished_job_from_its_exit_code_file()
    {
        var (job, _) = await RunAsync(Job("restart", JobCommand.FromShell("exit 4")));
        await using var restarted = new LocalBackend(new LocalBackendOptions(), new ContentStore(_temp.Combine("store")), TimeProvider.System);

        var status = (await restarted.PollAsync([job], TestContext.Current.CancellationToken)).Single();

        status.State.ShouldBe(JobState.Failed);
        status.ExitCode.ShouldBe(4);
    }

    [Fact]
    public async Task Says_stalled_for_a_job_it_never_ran_that_left_no_exit_code()
    {
        var ghost = new SubmittedJob("ghost", "local-999", _temp.Combine("ghost"), []);

        var status = (await _backend.PollAsync([ghost], TestContext.Current.CancellationToken)).Single();

        status.State.ShouldBe(JobState.Stalled);
        status.Reason.ShouldNotBeNull().ShouldContain("no exit code");
    }

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync();
        _temp.Dispose();
    }
}
