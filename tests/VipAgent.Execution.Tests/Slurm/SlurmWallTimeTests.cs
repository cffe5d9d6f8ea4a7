using VipAgent.Execution.Files;
using VipAgent.Execution.Slurm;
using VipAgent.Testing;

namespace VipAgent.Execution.Tests.Slurm;

/// <summary>Slurm enforces wall time by the minute: this class takes a minute or so, beside the others.</summary>
public sealed class SlurmWallTimeTests : IDisposable
{
    private readonly TempFolder _temp = new(SlurmCluster.SharedRoot);

    [Fact]
    public async Task Reports_a_job_past_its_wall_time_as_timed_out()
    {
        await SlurmCluster.RequireAsync();
        var backend = new SlurmBackend(new SlurmBackendOptions(_temp.Path), new ContentStore(_temp.Combine("store")), TimeProvider.System);
        var spec = new JobSpec("slow", _temp.Combine("slow"), JobCommand.FromArgv("sleep", "600")) { WallTime = TimeSpan.FromSeconds(5) };

        var handles = await backend.SubmitAsync([spec], TestContext.Current.CancellationToken);
        var status = (await Jobs.WaitAsync(backend, handles, TimeSpan.FromMinutes(4))).Single();

        status.State.ShouldBe(JobState.Failed);
        status.BackendState.ShouldBe("TIMEOUT");
        status.TimedOut.ShouldBeTrue();
        status.Reason.ShouldBe("TimeLimit");
    }

    public void Dispose() => _temp.Dispose();
}
