using VipAgent.Execution.Files;
using VipAgent.Execution.Slurm;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Slurm;

/// <summary>What a user sees when Slurm refuses a batch, on the real cluster.</summary>
public sealed class SlurmSubmissionTests : IDisposable
{
    private readonly TempFolder _temp = new(SlurmCluster.SharedRoot);

    private SlurmBackend Backend(SlurmBackendOptions options) =>
        new(options, new ContentStore(_temp.Combine("store")), TimeProvider.System);

    private JobSpec Job(string id, TimeSpan? wallTime = null) =>
        new(id, _temp.Combine("jobs", id), JobCommand.FromArgv("sleep", "120")) { WallTime = wallTime };

    private string Wrapper(string program, string body)
    {
        var path = _temp.Write($"bin/{program}", "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Reports_sbatch_refusing_a_partition_with_slurms_own_words()
    {
        await SlurmCluster.RequireAsync();
        var backend = Backend(new SlurmBackendOptions(_temp.Path) { Partition = "no-such-partition" });

        var refusal = await Should.ThrowAsync<SlurmException>(() => backend.SubmitAsync([Job("a")], TestContext.Current.CancellationToken));

        refusal.Message.ShouldContain("Invalid partition name specified");
    }

    [Fact]
    public async Task Cancels_the_arrays_already_submitted_when_a_later_array_of_the_batch_is_refused()
    {
        await SlurmCluster.RequireAsync();
        var cancelled = _temp.Combine("scancel.log");
        var count = _temp.Combine("sbatch.count");
        Wrapper("sbatch", $"echo x >> '{count}'\n[ $(wc -l < '{count}') -eq 1 ] && exec sbatch \"$@\"\necho 'sbatch: error: refused for the test' >&2; exit 1");
        Wrapper("squeue", "exec squeue \"$@\"");
        Wrapper("scancel", $"echo \"$*\" >> '{cancelled}'\nexec scancel \"$@\"");
        var backend = Backend(new SlurmBackendOptions(_temp.Path) { BinDirectory = _temp.Combine("bin") });

        var refusal = await Should.ThrowAsync<SlurmException>(() =>
            backend.SubmitAsync([Job("first"), Job("second", TimeSpan.FromMinutes(5))], TestContext.Current.CancellationToken));

        refusal.Message.ShouldContain("refused for the test");
        var arrayId = File.ReadAllText(cancelled).Trim();
        var orphan = new SubmittedJob("first", arrayId + "_0", _temp.Combine("jobs", "first"), []);
        (await Jobs.WaitAsync(backend, orphan, TimeSpan.FromSeconds(60))).State.ShouldBe(JobState.Cancelled);
    }

    public void Dispose() => _temp.Dispose();
}
