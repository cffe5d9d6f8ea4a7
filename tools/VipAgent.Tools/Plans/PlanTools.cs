using System.ComponentModel;
using System.Security.Claims;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using VipAgent.Planner.Plans;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Access;
using VipAgent.Tools.Executions;
using VipAgent.Tools.Mcp;
using VipAgent.Tools.Workflow;

namespace VipAgent.Tools.Plans;

/// <summary>Goal → plan → approval → submission through <see cref="IExperimentWorkflow"/>: nothing runs before submit_plan.</summary>
[McpServerToolType]
public sealed class PlanTools(IExperimentWorkflow workflow, ExecutionAccess executions, CallerClaims callers)
{
    [McpServerTool(Name = "plan_experiment", Title = "Plan an experiment", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Turns a goal in plain English into a validated execution plan: the application version, bound inputs, backend, jobs with their command lines, " +
        "cost estimate and the reason for each choice. Records the plan (nothing runs) and returns its planId; or asks for missing inputs (outcome clarify), " +
        "or refuses. Show the plan to the person, then call approve_plan and submit_plan.")]
    public async Task<PlanView> PlanExperimentAsync(
        [Description("What the researcher wants, e.g. 'skull-strip /data/sub-01_T1w.nii.gz with FSL BET, fractional intensity 0.4'.")] string goal,
        [Description("Input files (paths on the server) the goal refers to.")] string[]? files = null,
        [Description("True when the data is identifiable patient data: it then never leaves this site.")] bool sensitive = false,
        [Description("The backends this site may use, among local, slurm, dirac, onnx; omit for all.")] string[]? backends = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(user);
        caller.RequirePlanning();
        if (string.IsNullOrWhiteSpace(goal))
        {
            throw new McpException("goal is empty: describe the experiment in words, naming the data and what to compute.");
        }

        var unknown = (backends ?? []).Where(b => !PlanRequest.AllBackends.Contains(b)).ToList();
        if (unknown.Count > 0)
        {
            throw new McpException($"backends: {string.Join(", ", unknown)} unknown; allowed: {string.Join(", ", PlanRequest.AllBackends)}.");
        }

        var planned = await Workflow(() => workflow.PlanAsync(new PlanRequest(goal, files ?? [], sensitive, backends), caller.User, cancellationToken));
        return PlanView.Of(planned.Plan, planned.PlanId);
    }

    [McpServerTool(Name = "approve_plan", Title = "Approve a plan", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Records the person's approval of a plan they reviewed (plan_experiment's planId). Runs nothing; approving twice changes nothing. Auditors cannot approve.")]
    public async Task<ExecutionView> ApprovePlanAsync(
        [Description("The planId plan_experiment returned.")] string planId,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(user);
        var summary = await executions.FindAsync(planId, caller, cancellationToken);
        caller.RequireChange(summary);
        return ExecutionView.Of(await Workflow(() => workflow.ApproveAsync(summary.ExecutionId, caller.User, cancellationToken)));
    }

    [McpServerTool(Name = "submit_plan", Title = "Submit an approved plan", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = true, UseStructuredContent = true)]
    [Description("Starts an approved plan: its jobs are submitted to the chosen backend and run. The plan must be approved first with approve_plan " +
        "(or, where the client supports it, the person confirms here). Submitting twice changes nothing. Reports progress; poll get_execution until finished.")]
    public async Task<ExecutionView> SubmitPlanAsync(
        [Description("The planId of an approved plan.")] string planId,
        McpServer? server = null,
        IProgress<ProgressNotificationValue>? progress = null,
        ClaimsPrincipal? user = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(user);
        var summary = await executions.FindAsync(planId, caller, cancellationToken);
        caller.RequireChange(summary);
        progress?.Report(new ProgressNotificationValue { Progress = 0, Total = 2, Message = $"checking plan {summary.ExecutionId}" });
        if (summary.Status == ExecutionStatus.Planned)
        {
            if (server?.ClientCapabilities?.Elicitation is null)
            {
                throw new McpException($"Plan {summary.ExecutionId} is not approved. Show the plan to the person; once they agree, call approve_plan with this planId, then submit_plan.");
            }

            await Confirmation.RequireAsync(server, $"Run {summary.Application} {summary.ToolVersion} on {summary.Backend} ({summary.PlannedJobs} job(s))?", cancellationToken);
        }

        progress?.Report(new ProgressNotificationValue { Progress = 1, Total = 2, Message = "submitting" });
        var submitted = await Workflow(() => workflow.SubmitAsync(summary.ExecutionId, caller.User, cancellationToken));
        progress?.Report(new ProgressNotificationValue { Progress = 2, Total = 2, Message = $"submitted: {submitted.Status.ToString().ToLowerInvariant()}" });
        return ExecutionView.Of(submitted);
    }

    private static async Task<T> Workflow<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (WorkflowException e)
        {
            throw new McpException($"{e.Code}: {e.Message}");
        }
    }
}
