namespace VipAgent.Execution.Tests;

/// <summary>Polls a backend until every job is final (or the time is up), as a monitor would.</summary>
public static class Jobs
{
    public static async Task<IReadOnlyList<JobStatus>> WaitAsync(
        IExecutionBackend backend, IReadOnlyList<SubmittedJob> jobs, TimeSpan within, bool untilRunning = false)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var statuses = await backend.PollAsync(jobs, TestContext.Current.CancellationToken);
            var done = untilRunning
                ? statuses.All(s => s.State != JobState.Queued)
                : statuses.All(s => s.IsFinal);
            if (done || DateTimeOffset.UtcNow > deadline)
            {
                return statuses;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(untilRunning ? 50 : 200), TestContext.Current.CancellationToken);
        }
    }

    public static async Task<JobStatus> WaitAsync(IExecutionBackend backend, SubmittedJob job, TimeSpan within) =>
        (await WaitAsync(backend, [job], within))[0];

    /// <summary>Whether the process is gone (or a zombie nobody reaps: PID 1 here does not).</summary>
    public static bool ProcessIsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
