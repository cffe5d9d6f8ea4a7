using VipAgent.Execution;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// Starts a submitted execution (its input files hashed and recorded) and submits every planned job not yet
/// submitted: inputs staged into each job's folder from the content store, one batch to the backend, one
/// submission marker per job, then every JobSubmitted in one write. Run again after a crash, it records the
/// submissions the markers show instead of submitting those jobs a second time.
/// </summary>
internal sealed class ExecutionDispatcher(ExecutionRecorder recorder, PlanBook plans, BackendSet backends, RunReport report, TimeProvider time)
{
    /// <summary>Dispatches <paramref name="execution"/>; a failure to start or submit fails the execution with the reason.</summary>
    public async Task DispatchAsync(ExecutionSummary execution, CancellationToken ct)
    {
        var id = execution.ExecutionId;
        try
        {
            var run = await plans.GetAsync(id, ct);
            if (execution.Status == ExecutionStatus.Submitted)
            {
                await recorder.StartAsync(id, run.Plan.Jobs.SelectMany(j => j.Inputs).Select(i => i.SourcePath).Distinct(StringComparer.Ordinal), ct);
                report.Note(id, $"started: {run.Plan.Jobs.Count} job(s) for {run.Plan.Application}/{run.Plan.ToolVersion} on {run.Plan.Backend}");
            }

            var missing = run.Plan.Jobs.Where(j => execution.FindJob(j.JobId) is null).ToList();
            if (missing.Count > 0)
            {
                await SubmitAsync(run, missing, ct);
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or RegistryConcurrencyException or RegistryRuleException))
        {
            await recorder.FailAsync(id, $"submission failed: {e.Message}", CancellationToken.None);
            report.Note(id, $"failed at submission: {e.Message}");
            throw new VipException("VIP5006", $"Execution {id} failed at submission: {e.Message}", ExitCodes.OperationFailed, e);
        }
    }

    private async Task SubmitAsync(PlannedRun run, IReadOnlyList<PreparedJob> jobs, CancellationToken ct)
    {
        var backend = backends.Get(run.Plan.Backend);
        var prepared = new List<(PreparedJob Job, JobSpec Spec, Boutiques.Generation.Simulation Simulation, string? BackendJobId)>();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var folder = backends.JobFolder(run.ExecutionId, job.JobId);
            var earlier = SubmissionMarker.Find(folder, attempt: 1);
            if (earlier is null)
            {
                Directory.CreateDirectory(folder);
                foreach (var input in job.Inputs)
                {
                    if (!hashes.TryGetValue(input.SourcePath, out var hash))
                    {
                        hashes[input.SourcePath] = hash = await backends.Store.PutAsync(input.SourcePath, ct);
                    }

                    await backends.Store.StageAsync(hash, folder, input.RelativePath, ct);
                }
            }

            var (spec, simulation) = plans.Spec(run, job);
            prepared.Add((job, spec, simulation, earlier));
        }

        var fresh = prepared.Where(p => p.BackendJobId is null).ToList();
        var handles = fresh.Count == 0 ? [] : await backend.SubmitAsync([.. fresh.Select(p => p.Spec)], ct);
        for (var i = 0; i < fresh.Count; i++)
        {
            SubmissionMarker.Write(fresh[i].Spec.WorkingDirectory, 1, handles[i].BackendJobId);
        }

        var submitted = fresh.Select((p, i) => (p, handles[i].BackendJobId)).ToDictionary(x => x.p.Job.JobId, x => x.BackendJobId, StringComparer.Ordinal);
        var commands = prepared.Select(p => (ExecutionCommand)new SubmitJob(
            run.ExecutionId,
            new JobSubmission(
                p.Job.JobId, backend.Name, p.BackendJobId ?? submitted[p.Job.JobId], p.Job.Invocation.ToJsonString(), p.Simulation.CommandLine,
                p.Simulation.Argv ?? ["/bin/sh", "-c", p.Simulation.CommandLine], p.Spec.UsesContainer ? p.Spec.ContainerImage : null),
            time.GetUtcNow())).ToList();
        await recorder.RecordAllAsync(run.ExecutionId, commands, ct);
        var adopted = prepared.Count - fresh.Count;
        report.Note(run.ExecutionId, $"submitted {fresh.Count} job(s) to {backend.Name}" + (adopted > 0 ? $", recorded {adopted} submitted before a restart" : ""));
    }
}
