using VipAgent.Execution;
using VipAgent.Registry.Executions;
using BackendState = VipAgent.Execution.JobState;
using RecordedState = VipAgent.Registry.Executions.JobState;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// Watches running executions: asks a backend about all their jobs in one call and records every change, heals
/// (a failed or lost job is resubmitted while attempts remain, then held for a person), collects the outputs of
/// jobs that ended well (hashed into the store and recorded; a required output missing fails the job), and
/// records an execution completed or failed once every job ended. Each execution's changes go in one write.
/// </summary>
internal sealed class ExecutionSupervisor(ExecutionRecorder recorder, PlanBook plans, BackendSet backends, RunReport report, TimeProvider time)
{
    /// <summary>One poll of <paramref name="backendName"/> for every job it holds in <paramref name="executions"/>.</summary>
    public async Task MonitorAsync(string backendName, IReadOnlyList<ExecutionSummary> executions, CancellationToken ct)
    {
        var watched = new List<(PlannedRun Run, JobView Job)>();
        foreach (var execution in executions)
        {
            var jobs = execution.Jobs.Where(j => j.IsOnBackend && j.Backend == backendName).ToList();
            if (jobs.Count > 0)
            {
                var run = await plans.GetAsync(execution.ExecutionId, ct);
                watched.AddRange(jobs.Select(j => (run, j)));
            }
        }

        if (watched.Count > 0)
        {
            var statuses = await backends.Get(backendName).PollAsync([.. watched.Select(w => plans.Handle(w.Run, w.Job))], ct);
            foreach (var group in watched.Zip(statuses).GroupBy(x => x.First.Run.ExecutionId))
            {
                await RecordChangesAsync(group.Key, [.. group.Select(x => (x.First.Job, x.Second))], ct);
            }
        }

        foreach (var execution in executions.Where(e => e.Jobs.Any(j => j.State == RecordedState.Failed && j.Backend == backendName)))
        {
            await HealAsync(execution, ct);
        }
    }

    /// <summary>Collects the outputs of every job that ended well on its backend.</summary>
    public async Task CollectAsync(IReadOnlyList<ExecutionSummary> executions, CancellationToken ct)
    {
        foreach (var execution in executions.Where(e => e.Jobs.Any(j => j.State == RecordedState.Collecting)))
        {
            var run = await plans.GetAsync(execution.ExecutionId, ct);
            var commands = new List<ExecutionCommand>();
            var changes = new List<(string JobId, RecordedState To, string Detail)>();
            foreach (var job in execution.Jobs.Where(j => j.State == RecordedState.Collecting))
            {
                var handle = plans.Handle(run, job);
                var collected = await backends.Get(job.Backend).CollectOutputsAsync(handle, ct);
                var lacking = collected.Missing.Intersect(run.Plan.Job(job.JobId).RequiredOutputs, StringComparer.Ordinal).ToList();
                var now = time.GetUtcNow();
                if (lacking.Count > 0)
                {
                    var detail = $"required output(s) missing: {string.Join(", ", lacking)}";
                    commands.Add(new ChangeJobStatus(execution.ExecutionId, job.JobId, RecordedState.Failed, detail, now));
                    changes.Add((job.JobId, RecordedState.Failed, detail));
                    continue;
                }

                commands.AddRange(collected.Files.Select(f => new RecordOutput(
                    execution.ExecutionId, job.JobId, new FileHash(Path.Combine(handle.WorkingDirectory, f.RelativePath), f.Size, f.Sha256), now)));
                commands.Add(new ChangeJobStatus(execution.ExecutionId, job.JobId, RecordedState.Succeeded, $"{collected.Files.Count} output(s) recorded", now));
                changes.Add((job.JobId, RecordedState.Succeeded, string.Join(", ", collected.Files.Select(f => $"{f.RelativePath} sha256 {f.Sha256[..12]}…"))));
            }

            await recorder.RecordAllAsync(execution.ExecutionId, commands, ct);
            foreach (var (jobId, to, detail) in changes)
            {
                report.JobChanged(execution.ExecutionId, jobId, to, detail);
            }
        }
    }

    /// <summary>
    /// Records <paramref name="execution"/> completed (every job succeeded) or failed (a job was cancelled on its
    /// backend) once all its planned jobs ended; returns whether it ended now. Held jobs keep it running.
    /// </summary>
    public async Task<bool> FinishAsync(ExecutionSummary execution, CancellationToken ct)
    {
        // a failed job is not over: the next monitor tick retries or holds it
        if (execution.Jobs.Count < execution.PlannedJobs || !execution.Jobs.All(j => j.State is RecordedState.Succeeded or RecordedState.Cancelled))
        {
            return false;
        }

        var unsuccessful = execution.Jobs.Where(j => j.State != RecordedState.Succeeded).ToList();
        if (unsuccessful.Count == 0)
        {
            await recorder.CompleteAsync(execution.ExecutionId, ct);
            report.Note(execution.ExecutionId, $"execution {execution.ExecutionId} completed");
        }
        else
        {
            var reason = string.Join("; ", unsuccessful.Select(j => $"{j.JobId} {j.State.ToString().ToLowerInvariant()} after {j.Attempts} attempt(s)" + (j.Detail is { } d ? $": {d}" : "")));
            await recorder.FailAsync(execution.ExecutionId, reason, ct);
            report.Note(execution.ExecutionId, $"execution {execution.ExecutionId} failed: {reason}");
        }

        plans.Forget(execution.ExecutionId);
        return true;
    }

    private async Task RecordChangesAsync(Guid executionId, IReadOnlyList<(JobView Job, JobStatus Status)> observed, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var changes = observed
            .Select(o => (o.Job, To: Map(o.Status.State), Detail: Detail(o.Status)))
            .Where(c => c.To != c.Job.State)
            .ToList();
        await recorder.RecordAllAsync(
            executionId, [.. changes.Select(c => new ChangeJobStatus(executionId, c.Job.JobId, c.To, c.Detail, now))], ct);
        foreach (var (job, to, detail) in changes)
        {
            report.JobChanged(executionId, job.JobId, to, detail);
        }
    }

    /// <summary>Resubmits the execution's failed jobs that have attempts left (in one batch) and holds the others.</summary>
    private async Task HealAsync(ExecutionSummary stale, CancellationToken ct)
    {
        var execution = await recorder.FindAsync(stale.ExecutionId, ct);
        if (execution is not { Status: ExecutionStatus.Running })
        {
            return;
        }

        var run = await plans.GetAsync(execution.ExecutionId, ct);
        var failed = execution.Jobs.Where(j => j.State == RecordedState.Failed).ToList();
        var now = time.GetUtcNow();
        var commands = new List<ExecutionCommand>();
        foreach (var job in failed.Where(j => j.Attempts > run.Plan.Retries))
        {
            var why = $"failed {job.Attempts} time(s), the retry limit is {run.Plan.Retries}: 'vip retry {execution.ExecutionId}' resubmits it, 'vip cancel {execution.ExecutionId}' gives up";
            commands.Add(new ChangeJobStatus(execution.ExecutionId, job.JobId, RecordedState.Held, why, now));
            report.JobChanged(execution.ExecutionId, job.JobId, RecordedState.Held, why);
        }

        var retried = failed.Where(j => j.Attempts <= run.Plan.Retries).ToList();
        commands.AddRange(await ResubmitAsync(run, retried, "retry after: {0}", ct));
        await recorder.RecordAllAsync(execution.ExecutionId, commands, ct);
    }

    /// <summary>Resubmits jobs as their next attempt (a marker left by an earlier process is recorded instead); returns the RetryJob commands.</summary>
    public async Task<IReadOnlyList<ExecutionCommand>> ResubmitAsync(PlannedRun run, IReadOnlyList<JobView> jobs, string reasonFormat, CancellationToken ct)
    {
        var commands = new List<ExecutionCommand>();
        foreach (var backendJobs in jobs.GroupBy(j => j.Backend))
        {
            var backend = backends.Get(backendJobs.Key);
            var pending = new List<(JobView Job, JobSpec Spec)>();
            foreach (var job in backendJobs)
            {
                var (spec, _) = plans.Spec(run, run.Plan.Job(job.JobId));
                if (SubmissionMarker.Find(spec.WorkingDirectory, job.Attempts + 1) is { } earlier)
                {
                    commands.Add(Retry(run, job, earlier, reasonFormat));
                }
                else
                {
                    pending.Add((job, spec));
                }
            }

            var handles = pending.Count == 0 ? [] : await backend.SubmitAsync([.. pending.Select(p => p.Spec)], ct);
            for (var i = 0; i < pending.Count; i++)
            {
                SubmissionMarker.Write(pending[i].Spec.WorkingDirectory, pending[i].Job.Attempts + 1, handles[i].BackendJobId);
                commands.Add(Retry(run, pending[i].Job, handles[i].BackendJobId, reasonFormat));
                report.Note(run.ExecutionId, $"{pending[i].Job.JobId}: attempt {pending[i].Job.Attempts + 1} of {run.Plan.Retries + 1} as {handles[i].BackendJobId}");
            }
        }

        return commands;
    }

    private RetryJob Retry(PlannedRun run, JobView job, string backendJobId, string reasonFormat) =>
        new(run.ExecutionId, job.JobId, backendJobId, string.Format(System.Globalization.CultureInfo.InvariantCulture, reasonFormat, job.Detail ?? job.State.ToString()), time.GetUtcNow());

    private static RecordedState Map(BackendState state) => state switch
    {
        BackendState.Queued => RecordedState.Queued,
        BackendState.Running => RecordedState.Running,
        BackendState.Completed => RecordedState.Collecting,
        BackendState.Cancelled => RecordedState.Cancelled,
        _ => RecordedState.Failed, // failed, timed out, or stalled (lost): all healed the same way
    };

    private static string Detail(JobStatus status) =>
        status.BackendState
        + (status.ExitCode is { } code ? $", exit code {code}" : "")
        + (status.Reason is { Length: > 0 } reason ? $", {reason}" : "");
}
