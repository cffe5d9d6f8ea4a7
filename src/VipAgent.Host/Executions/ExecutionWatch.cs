using System.Runtime.CompilerServices;
using VipAgent.Host.Cli;
using VipAgent.Host.Scheduling;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// Follows an execution through the registry alone (whoever runs it): yields its summary at every poll with a
/// readable line for each job whose state changed since the previous poll, and for a change of its status.
/// </summary>
internal sealed class ExecutionWatch(ExecutionRecorder recorder, Guid executionId)
{
    private readonly Dictionary<string, (JobState State, int Attempts)> _seen = new(StringComparer.Ordinal);
    private ExecutionStatus? _status;

    /// <summary>Follows an execution someone else runs, one line per change on <paramref name="output"/>, until it ends or waits for a person; returns the exit code.</summary>
    public static async Task<int> FollowToEndAsync(ExecutionRecorder recorder, Guid executionId, TimeSpan poll, TimeProvider time, TextWriter output, CancellationToken ct)
    {
        await foreach (var (execution, changes) in new ExecutionWatch(recorder, executionId).FollowAsync(poll, time, ct))
        {
            foreach (var line in changes)
            {
                await output.WriteLineAsync(line);
                await output.FlushAsync(ct);
            }

            if (execution.IsFinished || InProcessRun.OnlyHeldLeft(execution))
            {
                return ExitCodeOf(execution, execution.IsFinished ? RunOutcome.Ended : RunOutcome.Held);
            }
        }

        return ExitCodes.OperationFailed;
    }

    /// <summary>0 when the execution completed; 1 otherwise, saying what a person can do when jobs are held.</summary>
    public static int ExitCodeOf(ExecutionSummary execution, RunOutcome outcome)
    {
        if (outcome == RunOutcome.Held)
        {
            var held = execution.Jobs.Where(j => j.State == JobState.Held).Select(j => j.JobId).ToList();
            Console.Error.WriteLine($"execution {execution.ExecutionId} waits for a person: {held.Count} job(s) held after their last retry ({string.Join(", ", held)}); " +
                $"'vip retry {execution.ExecutionId}' resubmits them, 'vip cancel {execution.ExecutionId}' gives up");
            return ExitCodes.OperationFailed;
        }

        return execution.Status == ExecutionStatus.Completed ? ExitCodes.Success : ExitCodes.OperationFailed;
    }

    public async IAsyncEnumerable<(ExecutionSummary Execution, IReadOnlyList<string> Changes)> FollowAsync(
        TimeSpan poll, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var execution = await recorder.FindAsync(executionId, ct)
                ?? throw new InvalidOperationException($"Execution {executionId} disappeared from the registry.");
            yield return (execution, Changes(execution));
            await Task.Delay(poll, time, ct);
        }
    }

    private List<string> Changes(ExecutionSummary execution)
    {
        var lines = new List<string>();
        foreach (var job in execution.Jobs)
        {
            if (!_seen.TryGetValue(job.JobId, out var before) || before != (job.State, job.Attempts))
            {
                var attempt = job.Attempts > 1 ? $", attempt {job.Attempts}" : "";
                lines.Add($"{job.JobId}: {job.State.Name()}{attempt}" + (job.Detail is { } detail ? $" ({detail})" : ""));
                _seen[job.JobId] = (job.State, job.Attempts);
            }
        }

        if (_status != execution.Status)
        {
            _status = execution.Status;
            lines.Add($"execution {execution.ExecutionId} {execution.Status.Name()}" + (execution.Reason is { } reason ? $": {reason}" : ""));
        }

        return lines;
    }
}
