using System.Text.Json.Nodes;

namespace VipAgent.Planner.Plans;

/// <summary>What the planner answers: a plan to review, a question for what is missing, or a refusal.</summary>
public enum PlanOutcome
{
    /// <summary>Every required input is bound and every job validates.</summary>
    Plan,

    /// <summary>An application fits, but required inputs (listed in <see cref="Plan.Missing"/>) cannot be bound.</summary>
    Clarify,

    /// <summary>No application fits (<c>no-application</c>) or the goal breaks the data policy (<c>policy</c>).</summary>
    Refuse,
}

/// <summary>The application a plan runs: descriptor <c>name</c>, <c>tool-version</c> and the SHA-256 of its canonical JSON.</summary>
public sealed record PlannedApplication(string Name, string Version, string DescriptorSha256);

/// <summary>One job: its expanded invocation and the command line the Boutiques engine simulates for it.</summary>
public sealed record PlannedJob(JsonObject Invocation, string CommandLine);

/// <summary>The estimated cost: total CPU-hours (jobs × walltime-estimate) and wall time when every job runs at once.</summary>
public sealed record PlanEstimate(double CpuHours, TimeSpan WallTime);

/// <summary>
/// The planner's answer to a goal. <see cref="Parameters"/> holds the bound values by input id before expansion
/// (a JSON array where several files run one job each); <see cref="Reasons"/> says in plain words why each decision
/// was taken ("backend dirac: 100 jobs ≥ 10, rule 4").
/// </summary>
public sealed record Plan(
    PlanOutcome Outcome,
    PlannedApplication? Application,
    JsonObject Parameters,
    string? Backend,
    IReadOnlyList<PlannedJob> Jobs,
    PlanEstimate? Estimate,
    IReadOnlyList<string> Missing,
    string? Reason,
    IReadOnlyList<string> Reasons)
{
    /// <summary>How many jobs the plan runs (0 unless the outcome is <see cref="PlanOutcome.Plan"/>).</summary>
    public int JobCount => Jobs.Count;

    /// <summary>The refusal reason code for no fitting application.</summary>
    public const string NoApplication = "no-application";

    /// <summary>The refusal reason code for a goal that breaks the data policy.</summary>
    public const string Policy = "policy";
}
