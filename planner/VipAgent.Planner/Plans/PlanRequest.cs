namespace VipAgent.Planner.Plans;

/// <summary>
/// A goal in plain English with its context: the files the researcher named or uploaded, whether the data set is
/// identifiable patient data, and the backends this site has (null: all four).
/// </summary>
public sealed record PlanRequest(string Goal, IReadOnlyList<string> Files, bool Sensitive = false, IReadOnlyList<string>? Backends = null)
{
    /// <summary>Every backend VipAgent knows.</summary>
    public static readonly IReadOnlyList<string> AllBackends = ["local", "slurm", "dirac", "onnx"];

    /// <summary>The backends to choose from; <c>local</c> is always available.</summary>
    public IReadOnlyList<string> AvailableBackends => [.. (Backends ?? AllBackends).Append("local").Distinct()];
}
