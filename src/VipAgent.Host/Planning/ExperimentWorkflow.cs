using System.Text.Json.Nodes;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Planner.Plans;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;
using VipAgent.Tools.Planning;
using VipAgent.Tools.Workflow;

namespace VipAgent.Host.Planning;

/// <summary>
/// Goal → plan → approval → submission on the registry of this host. A plan is planned by the offline planner over
/// the registered applications (or by the model planner when <c>VipAgent:Planner:Endpoint</c> is set), its jobs prepared as `vip exec` prepares them (File inputs resolved against the current
/// folder), and recorded as an execution planned, not approved; approval and submission are events of its stream, and
/// only a submitted execution is ever dispatched by a scheduler (of `vip serve` or of the command that submitted it).
/// </summary>
internal sealed class ExperimentWorkflow(
    PlannerCatalog planners, ApplicationCatalog catalog, ExecutionRecorder recorder, HostSettings settings, Lazy<ModelPlanner?>? model = null) : IExperimentWorkflow
{
    public async Task<PlannedExperiment> PlanAsync(PlanRequest request, string user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request);
        var planner = await planners.GetAsync(cancellationToken);
        var sited = request with { Backends = request.Backends ?? SiteBackends.Of(settings) };
        var plan = AsInput(() => model?.Value) is { } modelPlanner ? await modelPlanner.PlanAsync(sited, planner, cancellationToken) : planner.Plan(sited);
        if (plan.Outcome != PlanOutcome.Plan)
        {
            return new PlannedExperiment(plan, null);
        }

        var app = plan.Application!;
        var published = await catalog.FindDescriptorAsync(app.Name, app.Version, cancellationToken)
            ?? throw new WorkflowException("VIP7006", $"{app.Name} {app.Version} left the registry while it was planned; plan again.");
        var run = AsInput(() =>
        {
            if (plan.Backend == ExecutionBackends.Dirac)
            {
                VipAgent.Host.Dirac.DiracSettings.Options(settings);
            }

            return new RunPlan
            {
                Kind = "planned",
                Application = published.Name,
                ToolVersion = published.ToolVersion,
                Backend = plan.Backend!,
                Invocation = plan.Parameters.DeepClone(),
                Jobs = JobPreparation.Prepare(published.CanonicalDescriptor, plan.Parameters.ToJsonString(), "the plan's parameters"),
            };
        });

        var recorded = JsonNode.Parse(run.ToJson())!.AsObject();
        var view = PlanView.ToJson(plan, null);
        view.Remove("planId");
        recorded["planner"] = view;
        recorded["goal"] = new JsonObject
        {
            ["text"] = request.Goal,
            ["files"] = new JsonArray([.. request.Files.Select(f => JsonValue.Create(f))]),
            ["sensitive"] = request.Sensitive,
            ["backends"] = request.Backends is null ? null : new JsonArray([.. request.Backends.Select(b => JsonValue.Create(b))]),
            ["folder"] = Directory.GetCurrentDirectory(),
        };
        var id = await recorder.PlanAsync(published.Name, published.ToolVersion, run.Backend, recorded.ToJsonString(), user, cancellationToken);
        return new PlannedExperiment(plan, id);
    }

    public async Task<ExecutionSummary> ApproveAsync(Guid planId, string user, CancellationToken cancellationToken)
    {
        var execution = await OpenAsync(planId, cancellationToken);
        if (execution.Status == ExecutionStatus.Planned)
        {
            await RecordAsync(() => recorder.ApproveAsync(planId, user, cancellationToken));
        }

        return await OpenAsync(planId, cancellationToken);
    }

    public async Task<ExecutionSummary> SubmitAsync(Guid planId, string user, CancellationToken cancellationToken)
    {
        var execution = await ApproveAsync(planId, user, cancellationToken);
        if (execution.Status == ExecutionStatus.Approved)
        {
            await RecordAsync(() => recorder.SubmitAsync(planId, user, cancellationToken));
        }

        return await OpenAsync(planId, cancellationToken);
    }

    private static void Check(PlanRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Goal))
        {
            throw new WorkflowException("VIP7004", "The goal is empty: say in words what to run, e.g. \"threshold scan.nii at 8\".");
        }

        var unknown = (request.Backends ?? []).Where(b => !ExecutionBackends.Names.Contains(b)).ToList();
        if (unknown.Count > 0)
        {
            throw new WorkflowException("VIP7005", $"Unknown backend(s) {string.Join(", ", unknown.Select(b => $"'{b}'"))}; choose among {string.Join(", ", ExecutionBackends.Names)}.");
        }

        var absent = request.Files.Where(f => !File.Exists(Path.GetFullPath(f)) && !Directory.Exists(Path.GetFullPath(f))).ToList();
        if (absent.Count > 0)
        {
            throw new WorkflowException("VIP7003", $"No such file or folder: {string.Join(", ", absent.Select(f => $"'{f}'"))} (relative paths are read from {Directory.GetCurrentDirectory()}); nothing was planned.");
        }
    }

    /// <summary>The recorded execution a plan id names, if it can still change.</summary>
    private async Task<ExecutionSummary> OpenAsync(Guid planId, CancellationToken ct)
    {
        var execution = await recorder.FindAsync(planId, ct)
            ?? throw new WorkflowException("VIP7001", $"There is no plan {planId:D} in the registry; 'vip plan \"GOAL\"' records one and prints its id.");
        return execution.Status is ExecutionStatus.Cancelled or ExecutionStatus.Failed
            ? throw new WorkflowException("VIP7002", $"Plan {planId:D} is {execution.Status.Name()}{(execution.Reason is { } r ? $" ({r})" : "")}; it can no longer run. Plan the goal again.")
            : execution;
    }

    /// <summary>Records one step; losing a race to another writer who recorded the same step is not an error.</summary>
    private static async Task RecordAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is RegistryRuleException or RegistryConcurrencyException)
        {
            // the state moved on under us (approved or submitted by someone else, or cancelled): the caller reads it again
        }
    }

    /// <summary>Runs a preparation step whose bad-input errors (VipException, exit 2) become workflow errors.</summary>
    private static T AsInput<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (VipException e) when (e.ExitCode == ExitCodes.InvalidInput)
        {
            throw new WorkflowException(e.Code, e.Message);
        }
    }
}
