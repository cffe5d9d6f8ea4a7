using VipAgent.Planner.Plans;
using VipAgent.Registry.Executions;

namespace VipAgent.Tools.Workflow;

/// <summary>
/// Goal → plan → approval → submission, as every front end (the `vip plan/approve/submit/run` verbs, the MCP
/// tools, the REST API) drives it. A recorded plan is an execution stream whose first event is
/// <see cref="ExecutionPlanned"/>; its id is the plan id. Nothing runs before <see cref="SubmitAsync"/>.
/// Bad requests (an unknown plan id, a plan that is not the caller's, a plan already cancelled) throw
/// <see cref="WorkflowException"/> with a code and a message that says what to do; nothing is recorded then.
/// </summary>
public interface IExperimentWorkflow
{
    /// <summary>
    /// Plans a goal with the planner over the registered applications. When the outcome is
    /// <see cref="PlanOutcome.Plan"/>, the plan is recorded (planned, not approved) and its id returned;
    /// a clarify or refuse outcome records nothing.
    /// </summary>
    Task<PlannedExperiment> PlanAsync(PlanRequest request, string user, CancellationToken cancellationToken);

    /// <summary>Records the approval of a recorded plan (idempotent: approving twice changes nothing).</summary>
    Task<ExecutionSummary> ApproveAsync(Guid planId, string user, CancellationToken cancellationToken);

    /// <summary>
    /// Approves the plan when it is not yet approved and submits it: the scheduler (of `vip serve`, or of this
    /// process) starts it. Returns the execution as recorded once submitted. Submitting twice changes nothing.
    /// </summary>
    Task<ExecutionSummary> SubmitAsync(Guid planId, string user, CancellationToken cancellationToken);
}

/// <summary>The planner's answer and, when its outcome is <see cref="PlanOutcome.Plan"/>, the id it was recorded under.</summary>
public sealed record PlannedExperiment(Plan Plan, Guid? PlanId);

/// <summary>A request the workflow refuses: <see cref="Code"/> is a searchable id (VIPnnnn), the message says what to do.</summary>
public sealed class WorkflowException : Exception
{
    public WorkflowException(string code, string message)
        : base(message) => Code = code;

    public WorkflowException()
    {
        Code = "VIP0000";
    }

    public WorkflowException(string message)
        : base(message) => Code = "VIP0000";

    public WorkflowException(string message, Exception innerException)
        : base(message, innerException) => Code = "VIP0000";

    public string Code { get; }
}
