using Microsoft.Extensions.Time.Testing;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;

namespace VipAgent.Execution.Tests.Local;

/// <summary>Wall time is measured on the injected clock: a test moves it instead of waiting.</summary>
public sealed class LocalWallTimeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public async Task Kills_a_job_when_the_clock_passes_its_wall_time_and_stamps_the_status_with_that_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await using var backend = new LocalBackend(new LocalBackendOptions(), new ContentStore(_temp.Combine("store")), clock);
        var spec = new JobSpec("slow", _temp.Combine("slow"), JobCommand.FromArgv("sleep", "60")) { WallTime = TimeSpan.FromMinutes(30) };
        var handles = await backend.SubmitAsync([spec], TestContext.Current.CancellationToken);
        (await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(10), untilRunning: true)).Single().State.ShouldBe(JobState.Running);

        clock.Advance(TimeSpan.FromMinutes(31));
        var status = (await Jobs.WaitAsync(backend, handles, TimeSpan.FromSeconds(10))).Single();

        status.TimedOut.ShouldBeTrue();
        status.State.ShouldBe(JobState.Failed);
        status.ObservedAt.ShouldBe(clock.GetUtcNow());
    }

    public void Dispose() => _temp.Dispose();
}
