using System.Diagnostics;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs jobs taken together from the queue (same model): each is prepared and checked on its own (a bad input fails
/// only its job), then those whose plans agree on a model with a symbolic batch dimension share one <c>Run</c> as
/// <c>[N, C, D, H, W]</c>, N bounded by <see cref="OnnxBackendOptions.MaxBatch"/> and <see cref="OnnxBackendOptions.MaxVoxels"/>;
/// the others run one by one. A shared run stops only when every job in it is cancelled; a job cancelled while
/// it runs is reported cancelled and its outputs are not written, the others complete.
/// </summary>
internal sealed class OnnxBatchExecution(OnnxModelCache models, OnnxBackendOptions options, TimeProvider time)
{
    public void Run(IReadOnlyList<OnnxRunningJob> jobs)
    {
        var prepared = new List<(OnnxRunningJob Job, OnnxPreparedJob Ready)>();
        try
        {
            foreach (var job in jobs)
            {
                if (job.Cancellation.IsCancellationRequested)
                {
                    job.Finish(Status(job, JobState.Cancelled, "CANCELLED", "cancelled before it started", null));
                    continue;
                }

                OnnxPreparedJob ready;
                try
                {
                    OnnxJobFolder.Start(job.Spec.WorkingDirectory);
                    job.Status = Status(job, JobState.Running, "RUNNING", "in process", null);
                    ready = OnnxJobRunner.Prepare(job.Spec.Onnx!, job.Spec.WorkingDirectory, models, options);
                }
#pragma warning disable CA1031 // whatever stops a job is recorded as its failure reason, never thrown into the poller
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Fail(job, e);
                    continue;
                }

                if (ready.Plan.BatchLimit(options.BatchOn(ready.Model.Device), options.MaxVoxels) > 1)
                {
                    prepared.Add((job, ready)); // it may share a run: wait for the others
                    continue;
                }

                // it runs alone (a fixed batch of 1, or no room for two): now, so only one such volume is held at a time
                using (ready)
                {
                    RunTogether([(job, ready)]);
                }
            }

            foreach (var group in Groups(prepared))
            {
                RunTogether(group);
            }
        }
        finally
        {
            foreach (var (_, ready) in prepared)
            {
                ready.Dispose();
            }
        }
    }

    /// <summary>Jobs in submission order, each joining the first earlier group whose plan it can share a run with.</summary>
    private List<List<(OnnxRunningJob Job, OnnxPreparedJob Ready)>> Groups(List<(OnnxRunningJob Job, OnnxPreparedJob Ready)> prepared)
    {
        var groups = new List<List<(OnnxRunningJob Job, OnnxPreparedJob Ready)>>();
        foreach (var item in prepared)
        {
            var plan = item.Ready.Plan;
            var group = groups.FirstOrDefault(g =>
                g.Count < g[0].Ready.Plan.BatchLimit(options.BatchOn(g[0].Ready.Model.Device), options.MaxVoxels) && g[0].Ready.Plan.CanShareRunWith(plan));
            if (group is null)
            {
                groups.Add([item]);
            }
            else
            {
                group.Add(item);
            }
        }

        return groups;
    }

    private void RunTogether(List<(OnnxRunningJob Job, OnnxPreparedJob Ready)> group)
    {
        var n = group.Count;
        using var everyoneCancelled = new CancellationTokenSource();
        var registrations = group.Select(g => g.Job.Cancellation.Token.Register(() =>
        {
            if (group.TrueForAll(m => m.Job.Cancellation.IsCancellationRequested))
            {
                everyoneCancelled.Cancel();
            }
        })).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            var plan = group[0].Ready.Plan;
            var outputs = OnnxInference.Run(plan, [.. group.Select(g => g.Ready.Channels)], plan.BatchLimit(options.BatchOn(group[0].Ready.Model.Device), options.MaxVoxels), everyoneCancelled.Token);
            var inference = clock.Elapsed;
            for (var i = 0; i < n; i++)
            {
                var (job, ready) = group[i];
                if (job.Cancellation.IsCancellationRequested)
                {
                    var batch = n > 1 ? $"; the batch of {n} it shared ran to its end" : "";
                    job.Finish(Status(job, JobState.Cancelled, "CANCELLED", $"cancelled on request after inference{batch}; its outputs were not written", null));
                    continue;
                }

                Finish(job, ready, outputs[i], inference, n);
            }

            // every job's outputs are written: the output arrays are free for the model's next jobs
            foreach (var channel in outputs.SelectMany(o => o))
            {
                plan.Buffers.Return(channel);
            }
        }
        catch (OperationCanceledException) when (everyoneCancelled.IsCancellationRequested)
        {
            foreach (var (job, _) in group)
            {
                job.Finish(Status(job, JobState.Cancelled, "CANCELLED", "cancelled on request; inference was stopped", null));
            }
        }
#pragma warning disable CA1031 // whatever stops a job is recorded as its failure reason, never thrown into the poller
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var (job, _) in group)
            {
                Fail(job, e);
            }
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    private void Finish(OnnxRunningJob job, OnnxPreparedJob ready, float[][] output, TimeSpan inference, int batch)
    {
        try
        {
            var report = OnnxJobRunner.Finish(ready, output, inference, batch);
            OnnxJobFolder.Succeed(job.Spec.WorkingDirectory, job.Spec.Onnx!, report);
            job.Finish(Status(job, JobState.Completed, "COMPLETED", report.ToString(), 0));
        }
#pragma warning disable CA1031 // whatever stops a job is recorded as its failure reason, never thrown into the poller
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(job, e);
        }
    }

    private void Fail(OnnxRunningJob job, Exception e)
    {
        var reason = e is OnnxJobException or IOException or UnauthorizedAccessException or PathEscapeException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        OnnxJobFolder.TryFail(job.Spec.WorkingDirectory, reason);
        job.Finish(Status(job, JobState.Failed, "FAILED", reason, 1));
    }

    private JobStatus Status(OnnxRunningJob job, JobState state, string backendState, string? reason, int? exitCode) =>
        new(job.Spec.JobId, state, backendState, reason, exitCode, time.GetUtcNow());
}
