using ModelContextProtocol;
using VipAgent.Registry.Executions;

namespace VipAgent.Tools.Access;

/// <summary>Who calls a tool, and the rules of what they may see and change.</summary>
public sealed record Caller(string User, CallerRole Role)
{
    /// <summary>Whether the caller may read <paramref name="execution"/>: its planner, an auditor or an admin.</summary>
    public bool CanRead(ExecutionSummary execution) => Role != CallerRole.Researcher || execution.PlannedBy == User;

    /// <summary>Whether the caller may approve, submit or cancel <paramref name="execution"/>: its planner (a researcher) or an admin.</summary>
    public bool CanChange(ExecutionSummary execution) =>
        Role == CallerRole.Admin || (Role == CallerRole.Researcher && execution.PlannedBy == User);

    /// <summary>Throws unless the caller may record new plans (auditors may not).</summary>
    public void RequirePlanning()
    {
        if (Role == CallerRole.Auditor)
        {
            throw new McpException($"User '{User}' is an auditor: auditors read and verify executions but cannot plan, approve, submit or cancel. Ask a researcher or an admin.");
        }
    }

    /// <summary>Throws unless the caller may change <paramref name="execution"/>, saying why.</summary>
    public void RequireChange(ExecutionSummary execution)
    {
        RequirePlanning();
        if (!CanChange(execution))
        {
            throw ExecutionNotFound(execution.ExecutionId);
        }
    }

    /// <summary>
    /// The error for an execution the caller may not see: the same as for one that does not exist, so that a
    /// researcher learns nothing about the executions of others.
    /// </summary>
    public static McpException ExecutionNotFound(Guid id) =>
        new($"There is no execution {id} that you can see. Call list_executions for the ids of yours.");
}
