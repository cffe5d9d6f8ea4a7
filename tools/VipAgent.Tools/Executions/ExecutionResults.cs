using System.ComponentModel;
using VipAgent.Registry.Executions;

namespace VipAgent.Tools.Executions;

/// <summary>One job of an execution as the tools show it.</summary>
public sealed record JobLine(
    [property: Description("The job's id within the execution.")] string JobId,
    [property: Description("submitted, queued, running, collecting, succeeded, failed, cancelled or held.")] string State,
    [property: Description("How many times it was submitted.")] int Attempts,
    [property: Description("The backend it runs on.")] string Backend,
    [property: Description("What the backend said at the latest change.")] string? Detail);

/// <summary>An execution's status as get_execution, list_executions, approve_plan and submit_plan return it.</summary>
public sealed record ExecutionView(
    [property: Description("The execution id (also the plan id).")] Guid ExecutionId,
    [property: Description("The application run.")] string Application,
    [property: Description("Its exact tool-version.")] string Version,
    [property: Description("local, slurm, dirac or onnx.")] string Backend,
    [property: Description("planned, approved, submitted, running, completed, failed or cancelled.")] string Status,
    [property: Description("The user who planned it.")] string PlannedBy,
    [property: Description("The user who approved it, once approved.")] string? ApprovedBy,
    [property: Description("When it was planned.")] DateTimeOffset PlannedAt,
    [property: Description("When it ended, once ended.")] DateTimeOffset? FinishedAt,
    [property: Description("Why it failed or was cancelled.")] string? Reason,
    [property: Description("How many jobs the plan holds.")] int PlannedJobs,
    [property: Description("How many jobs are in each state.")] IReadOnlyDictionary<string, int> JobsByState,
    [property: Description("Each submitted job.")] IReadOnlyList<JobLine> Jobs,
    [property: Description("How many output files are recorded.")] int Outputs,
    [property: Description("True once completed, failed or cancelled.")] bool Finished)
{
    public static ExecutionView Of(ExecutionSummary e) => new(
        e.ExecutionId, e.Application, e.ToolVersion, e.Backend, e.Status.ToString().ToLowerInvariant(), e.PlannedBy, e.ApprovedBy,
        e.PlannedAt, e.FinishedAt, e.Reason, e.PlannedJobs,
        e.JobsByState().OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
        [.. e.Jobs.Select(j => new JobLine(j.JobId, j.State.ToString().ToLowerInvariant(), j.Attempts, j.Backend, j.Detail))],
        e.Outputs.Count, e.IsFinished);
}

/// <summary>What list_executions returns.</summary>
public sealed record ExecutionList(
    [property: Description("The executions, latest plan first.")] IReadOnlyList<ExecutionView> Executions);

/// <summary>One recorded output file.</summary>
public sealed record OutputFile(
    [property: Description("The job that wrote it.")] string JobId,
    [property: Description("Where it was recorded, on the machine that ran the job.")] string Path,
    [property: Description("Its size in bytes.")] long Size,
    [property: Description("Its SHA-256, as recorded.")] string Sha256);

/// <summary>What get_results returns.</summary>
public sealed record ExecutionOutputs(
    [property: Description("The execution.")] Guid ExecutionId,
    [property: Description("Its status; outputs are complete once it is completed.")] string Status,
    [property: Description("Every recorded output file.")] IReadOnlyList<OutputFile> Files);

/// <summary>What cancel_execution returns.</summary>
public sealed record CancelOutcome(
    [property: Description("The execution as recorded after the cancellation.")] ExecutionView Execution,
    [property: Description("How many unfinished jobs were stopped.")] int JobsStopped);
