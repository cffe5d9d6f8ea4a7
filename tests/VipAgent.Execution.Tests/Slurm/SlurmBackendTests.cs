using VipAgent.Execution.Files;
using VipAgent.Execution.Slurm;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Slurm;

/// <summary>The Slurm backend against a real single-node cluster (tests/slurm/start.sh).</summary>
public sealed class SlurmBackendTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TempFolder _temp = new(SlurmCluster.SharedRoot);
    private readonly SlurmBackend _backend;

    public SlurmBackendTests()
    {
        _backend = new SlurmBackend(new SlurmBackendOptions(_temp.Path), new ContentStore(_temp.Combine("store")), TimeProvider.System);
    }

    private JobSpec Job(string id, JobCommand command) => new(id, _temp.Combine("jobs", id), command);

    [Fact]
    public async Task Submits_a_batch_as_one_array_and_polls_every_job_to_its_end_with_its_exit_code()
    {
        await SlurmCluster.RequireAsync();
        JobSpec[] specs =
        [
            Job("ok", JobCommand.FromShell("echo hello")),
            Job("fails", JobCommand.FromShell("echo broken >&2; exit 3")),
            Job("argv-hostile", JobCommand.FromArgv("/usr/bin/printf", "%s", Hostile.Value)),
            Job("shell-hostile", JobCommand.FromShell("printf '%s' " + ShellQuote.Quote(Hostile.Value))),
            Job("env", JobCommand.FromShell("printf '%s' \"$SUBJECT\"")) with
            {
                Environment = new Dictionary<string, string> { ["SUBJECT"] = "sub-01; $(id)" },
            },
        ];

        var handles = await _backend.SubmitAsync(specs, TestContext.Current.CancellationToken);
        var statuses = (await Jobs.WaitAsync(_backend, handles, Within)).ToDictionary(s => s.JobId);

        handles.Select(h => h.BackendJobId.Split('_')[0]).Distinct().Count().ShouldBe(1);
        statuses["ok"].ShouldSatisfyAllConditions(s => s.State.ShouldBe(JobState.Completed), s => s.ExitCode.ShouldBe(0));
        statuses["fails"].State.ShouldBe(JobState.Failed);
        statuses["fails"].BackendState.ShouldBe("FAILED");
        statuses["fails"].ExitCode.ShouldBe(3);
        File.ReadAllText(JobFiles.StandardError(specs[1].WorkingDirectory)).Trim().ShouldBe("broken");
        File.ReadAllText(JobFiles.StandardOutput(specs[2].WorkingDirectory)).ShouldBe(Hostile.Value);
        File.ReadAllText(JobFiles.StandardOutput(specs[3].WorkingDirectory)).ShouldBe(Hostile.Value);
        File.ReadAllText(JobFiles.StandardOutput(specs[4].WorkingDirectory)).ShouldBe("sub-01; $(id)");
        Hostile.Traces(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task Polls_jobs_of_several_arrays_with_one_squeue_call()
    {
        await SlurmCluster.RequireAsync();
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var calls = _temp.Combine("squeue-calls.log");
        foreach (var program in new[] { "sbatch", "squeue", "scancel" })
        {
            var wrapper = _temp.Write($"bin/{program}", $"#!/bin/sh\necho \"$*\" >> '{calls}.{program}'\nexec {program} \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var backend = new SlurmBackend(
            new SlurmBackendOptions(_temp.Path) { BinDirectory = bin }, new ContentStore(_temp.Combine("store")), TimeProvider.System);
        var quick = Enumerable.Range(0, 3).Select(i => Job($"quick-{i}", JobCommand.FromArgv("true")));
        var timed = Enumerable.Range(0, 3).Select(i => Job($"timed-{i}", JobCommand.FromArgv("true")) with { WallTime = TimeSpan.FromMinutes(5) });
        var handles = await backend.SubmitAsync([.. quick, .. timed], TestContext.Current.CancellationToken);

        var statuses = await backend.PollAsync(handles, TestContext.Current.CancellationToken);

        File.ReadAllLines(calls + ".sbatch").Length.ShouldBe(2);
        File.ReadAllLines(calls + ".squeue").Length.ShouldBe(1);
        statuses.Count.ShouldBe(6);
        statuses.ShouldAllBe(s => s.State != JobState.Stalled);
    }

    [Fact]
    public async Task Cancels_a_running_job_with_scancel()
    {
        await SlurmCluster.RequireAsync();
        var handles = await _backend.SubmitAsync([Job("long", JobCommand.FromArgv("sleep", "300"))], TestContext.Current.CancellationToken);
        (await Jobs.WaitAsync(_backend, handles, Within, untilRunning: true)).Single().State.ShouldBe(JobState.Running);

        await _backend.CancelAsync(handles, TestContext.Current.CancellationToken);
        var status = (await Jobs.WaitAsync(_backend, handles, Within)).Single();

        status.State.ShouldBe(JobState.Cancelled);
        status.BackendState.ShouldBe("CANCELLED");
    }

    [Fact]
    public async Task Collects_the_outputs_a_slurm_job_wrote()
    {
        await SlurmCluster.RequireAsync();
        var spec = Job("outputs", JobCommand.FromShell("mkdir -p out && printf mask > out/mask.nii")) with { ExpectedOutputs = ["out/mask.nii"] };
        var handle = (await _backend.SubmitAsync([spec], TestContext.Current.CancellationToken)).Single();
        (await Jobs.WaitAsync(_backend, handle, Within)).State.ShouldBe(JobState.Completed);

        var outputs = await _backend.CollectOutputsAsync(handle, TestContext.Current.CancellationToken);

        outputs.Files.Single().ShouldSatisfyAllConditions(f => f.RelativePath.ShouldBe("out/mask.nii"), f => f.Size.ShouldBe(4));
    }

    [Fact]
    public async Task Refuses_a_job_whose_folder_the_nodes_cannot_see()
    {
        await SlurmCluster.RequireAsync();
        var outside = new JobSpec("outside", "/var/tmp/elsewhere", JobCommand.FromArgv("true"));

        var refusal = await Should.ThrowAsync<ArgumentException>(() => _backend.SubmitAsync([outside], TestContext.Current.CancellationToken));

        refusal.Message.ShouldContain("/var/tmp/elsewhere");
    }

    [Fact]
    public async Task Says_stalled_for_a_job_slurm_forgot_that_left_no_exit_code()
    {
        await SlurmCluster.RequireAsync();
        var forgotten = new SubmittedJob("forgotten", "999999_0", _temp.Combine("jobs", "forgotten"), []);

        var status = (await _backend.PollAsync([forgotten], TestContext.Current.CancellationToken)).Single();

        status.State.ShouldBe(JobState.Stalled);
    }

    public void Dispose() => _temp.Dispose();
}
