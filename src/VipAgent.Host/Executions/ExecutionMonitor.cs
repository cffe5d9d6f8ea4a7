using VipAgent.Execution;
using VipAgent.Registry;
using VipAgent.Registry.Executions;
using BackendState = VipAgent.Execution.JobState;
using RecordedState = VipAgent.Registry.Executions.JobState;

namespace VipAgent.Host.Executions;

/// <summary>How the in-process monitor polls and heals.</summary>
/// <param name="PollInterval">The pause between two bulk polls of the backend.</param>
/// <param name="Retries">How many times a failed job is resubmitted before the execution fails (VIP: 3).</param>
internal sealed record MonitorOptions(TimeSpan PollInterval, int Retries);

/// <summary>
/// Watches one execution's jobs until each is final: polls the backend for all of them at once, records
/// every status change once, resubmits failed jobs (non-zero exit, lost, or a required output missing) up to the retry limit, collects and records the outputs
/// of completed jobs, then records the execution completed or failed. A `vip cancel` recorded meanwhile
/// stops the jobs. Progress goes to stderr, one line per change.
/// </summary>
internal sealed class ExecutionMonitor(ExecutionRecorder recorder, IExecutionBackend backend, TimeProvider time, MonitorOptions options)
{
    public async Task<ExecutionStatus> RunAsync(Guid executionId, IReadOnlyList<TrackedJob> jobs, CancellationToken ct)
    {
        var active = jobs.ToDictionary(j => j.Spec.JobId, StringComparer.Ordinal);
        var recorded = jobs.ToDictionary(j => j.Spec.JobId, _ => RecordedState.Submitted, StringComparer.Ordinal);
        var failures = new List<string>();
        while (active.Count > 0)
        {
            try
            {
                if (await recorder.FindAsync(executionId, ct) is { IsFinished: true } stopped)
                {
                    return await StopAsync(stopped, active.Values, ct);
                }

                var statuses = await backend.PollAsync([.. active.Values.Select(j => j.Handle)], ct);
                foreach (var status in statuses)
                {
                    await ObserveAsync(executionId, active, recorded, status, failures, ct);
                }
            }
            catch (RegistryRuleException)
            {
                // a `vip cancel` recorded between our read and our write: stop; anything else is a real error
                if (await recorder.FindAsync(executionId, ct) is { IsFinished: true } stopped)
                {
                    return await StopAsync(stopped, active.Values, ct);
                }

                throw;
            }

            if (active.Count > 0)
            {
                await Task.Delay(options.PollInterval, time, ct);
            }
        }

        if (failures.Count == 0)
        {
            await recorder.CompleteAsync(executionId, ct);
            await Progress($"execution {executionId} completed");
            return ExecutionStatus.Completed;
        }

        await recorder.FailAsync(executionId, string.Join("; ", failures), ct);
        await Progress($"execution {executionId} failed: {string.Join("; ", failures)}");
        return ExecutionStatus.Failed;
    }

    private async Task ObserveAsync(
        Guid executionId, Dictionary<string, TrackedJob> active, Dictionary<string, RecordedState> recorded,
        JobStatus status, List<string> failures, CancellationToken ct)
    {
        var job = active[status.JobId];
        var collected = status.State == BackendState.Completed ? await backend.CollectOutputsAsync(job.Handle, ct) : null;
        var lacking = collected?.Missing.Intersect(job.RequiredOutputs, StringComparer.Ordinal).ToList() ?? [];
        var to = status.State switch
        {
            BackendState.Queued => RecordedState.Queued,
            BackendState.Running => RecordedState.Running,
            BackendState.Completed when lacking.Count == 0 => RecordedState.Succeeded,
            BackendState.Cancelled => RecordedState.Cancelled,
            _ => RecordedState.Failed,
        };
        var detail = Detail(status) + (lacking.Count > 0 ? $", required output(s) missing: {string.Join(", ", lacking)}" : "");
        if (recorded[status.JobId] != to)
        {
            await recorder.ChangeJobStatusAsync(executionId, status.JobId, to, detail, ct);
            recorded[status.JobId] = to;
            await Progress($"{status.JobId}: {to.ToString().ToLowerInvariant()} ({detail})");
        }

        if (to == RecordedState.Succeeded)
        {
            foreach (var file in collected!.Files)
            {
                await recorder.RecordOutputAsync(executionId, status.JobId, Path.Combine(job.Handle.WorkingDirectory, file.RelativePath), ct);
                await Progress($"{status.JobId}: output {file.RelativePath} sha256 {file.Sha256[..12]}…");
            }

            foreach (var missing in collected.Missing)
            {
                await Progress($"{status.JobId}: optional output '{missing}' was not produced");
            }

            active.Remove(status.JobId);
        }
        else if (to == RecordedState.Failed && job.Attempts <= options.Retries)
        {
            job.Handle = (await backend.SubmitAsync([job.Spec], ct))[0];
            await recorder.RetryJobAsync(executionId, status.JobId, job.Handle.BackendJobId, detail, ct);
            await Progress($"{status.JobId}: retry {job.Attempts} of {options.Retries} as {job.Handle.BackendJobId}");
            job.Attempts++;
            recorded[status.JobId] = RecordedState.Submitted;
        }
        else if (to is RecordedState.Failed or RecordedState.Cancelled)
        {
            // a job cancelled on the backend (not by `vip cancel`) is not retried: someone stopped it on purpose
            failures.Add($"{status.JobId} {to.ToString().ToLowerInvariant()} after {job.Attempts} attempt(s): {detail}");
            active.Remove(status.JobId);
        }
    }

    private async Task<ExecutionStatus> StopAsync(ExecutionSummary stopped, IEnumerable<TrackedJob> jobs, CancellationToken ct)
    {
        await backend.CancelAsync([.. jobs.Select(j => j.Handle)], ct);
        await Progress($"execution {stopped.ExecutionId} {stopped.Status.ToString().ToLowerInvariant()}: {stopped.Reason}");
        return stopped.Status;
    }

    private static string Detail(JobStatus status) =>
        status.BackendState
        + (status.ExitCode is { } code ? $", exit code {code}" : "")
        + (status.Reason is { Length: > 0 } reason ? $", {reason}" : "");

    private static Task Progress(string line) => Console.Error.WriteLineAsync(line);
}
