using VipAgent.Execution.Files;
using VipAgent.Execution.Local;

namespace VipAgent.Execution.Tests.Local;

/// <summary>
/// A service that stops (or is killed) leaves its local jobs running; the backend of the next process adopts them
/// from the files in their folders: reports, kills, times out and starts them as if it had started them itself.
/// </summary>
public sealed class LocalRestartTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();

    private LocalBackend Backend(int concurrency = 4) => new(
        new LocalBackendOptions { MaxConcurrency = concurrency, StopJobsOnDispose = false },
        new ContentStore(_temp.Combine("store")),
        TimeProvider.System);

    private JobSpec Job(string id, string script) => new(id, _temp.Combine(id), JobCommand.FromArgv("/bin/sh", "-c", script));

    [Fact]
    public async Task A_job_keeps_running_after_its_backend_is_gone_and_the_next_backend_reports_its_exit_code()
    {
        var first = Backend();
        var handles = await first.SubmitAsync([Job("long", "while [ ! -e release ]; do sleep 0.05; done; echo done; exit 3")], TestContext.Current.CancellationToken);
        (await Jobs.WaitAsync(first, handles, Within, untilRunning: true)).Single().State.ShouldBe(JobState.Running);
        await first.DisposeAsync();

        await using var second = Backend();
        var adopted = (await second.PollAsync(handles, TestContext.Current.CancellationToken)).Single();
        adopted.State.ShouldBe(JobState.Running);
        await File.WriteAllTextAsync(_temp.Combine("long", "release"), "", TestContext.Current.CancellationToken);
        var ended = await Jobs.WaitAsync(second, handles[0], Within);

        ended.State.ShouldBe(JobState.Failed);
        ended.ExitCode.ShouldBe(3);
        File.ReadAllText(JobFiles.StandardOutput(handles[0].WorkingDirectory)).Trim().ShouldBe("done");
    }

    [Fact]
    public async Task The_next_backend_starts_a_job_that_was_still_waiting_for_a_slot_exactly_once()
    {
        var first = Backend(concurrency: 1);
        var handles = await first.SubmitAsync(
            [Job("blocker", "while [ ! -e release ]; do sleep 0.05; done"), Job("waiting", "echo ran >> runs.txt")],
            TestContext.Current.CancellationToken);
        (await first.PollAsync(handles, TestContext.Current.CancellationToken))[1].State.ShouldBe(JobState.Queued);
        await first.DisposeAsync();

        await using var second = Backend();
        await File.WriteAllTextAsync(_temp.Combine("blocker", "release"), "", TestContext.Current.CancellationToken);
        var final = await Jobs.WaitAsync(second, handles, Within);

        final.ShouldAllBe(s => s.State == JobState.Completed);
        File.ReadAllLines(_temp.Combine("waiting", "runs.txt")).ShouldBe(["ran"]);
    }

    [Fact]
    public async Task Cancelling_an_adopted_job_kills_its_process_group()
    {
        var first = Backend();
        var handles = await first.SubmitAsync([Job("victim", "sleep 60 & echo $! > child.pid; wait")], TestContext.Current.CancellationToken);
        await Jobs.WaitAsync(first, handles, Within, untilRunning: true);
        await WaitForFileAsync(_temp.Combine("victim", "child.pid"));
        await first.DisposeAsync();
        var child = int.Parse(File.ReadAllText(_temp.Combine("victim", "child.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        await using var second = Backend();
        await second.CancelAsync(handles, TestContext.Current.CancellationToken);
        var status = await Jobs.WaitAsync(second, handles[0], Within);

        status.State.ShouldBe(JobState.Cancelled);
        await WaitUntilAsync(() => Jobs.ProcessIsGone(child));
        Jobs.ProcessIsGone(child).ShouldBeTrue();
    }

    [Fact]
    public async Task An_adopted_job_past_its_wall_time_is_killed_and_reported_as_timed_out()
    {
        var first = Backend();
        var spec = Job("slow", "sleep 60") with { WallTime = TimeSpan.FromSeconds(1) };
        var handles = await first.SubmitAsync([spec], TestContext.Current.CancellationToken);
        await Jobs.WaitAsync(first, handles, Within, untilRunning: true);
        await first.DisposeAsync(); // the backend that enforced the limit is gone before the limit passes

        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        await using var second = Backend();
        var status = await Jobs.WaitAsync(second, handles[0], Within);

        status.TimedOut.ShouldBeTrue();
        status.State.ShouldBe(JobState.Failed);
    }

    private static Task WaitForFileAsync(string path) => WaitUntilAsync(() => File.Exists(path) && new FileInfo(path).Length > 0);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Within;
        while (!condition() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _temp.Dispose();
}
