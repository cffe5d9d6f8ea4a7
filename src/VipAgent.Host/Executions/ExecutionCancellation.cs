using VipAgent.Execution;
using VipAgent.Host.Cli;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Executions;

namespace VipAgent.Host.Executions;

/// <summary>
/// What `vip cancel` and the cancel_execution tool do: record the cancellation, then stop the jobs still on their
/// backend from this process (<c>scancel</c> on Slurm, a kill of each local job's process group through its pid file).
/// </summary>
internal sealed class ExecutionCancellation(HostSettings settings, ExecutionRecorder recorder, TimeProvider time) : IExecutionCanceller
{
    public async Task<int> CancelAsync(ExecutionSummary execution, string cancelledBy, string reason, CancellationToken cancellationToken)
    {
        await recorder.CancelAsync(execution.ExecutionId, cancelledBy, reason, cancellationToken);
        var unfinished = execution.Jobs.Where(j => !j.IsFinished).ToList();
        foreach (var jobs in unfinished.Where(j => j.IsOnBackend).GroupBy(j => j.Backend))
        {
            var backend = ExecutionBackends.Create(jobs.Key, settings, ExecutionBackends.Store(settings), time, stopJobsOnDispose: false);
            try
            {
                await backend.CancelAsync(
                    [.. jobs.Select(j => new SubmittedJob(j.JobId, j.BackendJobId, ExecutionBackends.JobFolder(settings, execution.ExecutionId, j.JobId), []))],
                    cancellationToken);
            }
            finally
            {
                await ExecutionBackends.ReleaseAsync(backend);
            }
        }

        return unfinished.Count;
    }
}
