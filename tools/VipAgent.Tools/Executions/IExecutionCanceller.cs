using VipAgent.Registry.Executions;

namespace VipAgent.Tools.Executions;

/// <summary>Cancels an execution: records who cancelled it and why, then stops its jobs still on their backends (the host knows the backends).</summary>
public interface IExecutionCanceller
{
    /// <summary>Returns how many unfinished jobs it stopped. The execution must not have ended.</summary>
    Task<int> CancelAsync(ExecutionSummary execution, string cancelledBy, string reason, CancellationToken cancellationToken);
}
