namespace VipAgent.Evals.Scoring;

/// <summary>
/// How one case scored. Checks that do not apply to the case's expected outcome are null. <see cref="Passed"/> is
/// strict: everything expected is right in this one case.
/// </summary>
public sealed record CaseResult(
    string Id,
    string ExpectedOutcome,
    string ActualOutcome,
    bool? ApplicationRight,
    bool? BackendRight,
    bool? JobsRight,
    int ParametersExpected,
    int ParametersBound,
    int ParametersRight,
    bool? MissingRight,
    bool? ReasonRight,
    bool Valid,
    IReadOnlyList<string> Differences)
{
    /// <summary>The outcome is the expected one.</summary>
    public bool OutcomeRight => ExpectedOutcome == ActualOutcome;

    /// <summary>Every check of the case passed.</summary>
    public bool Passed => Differences.Count == 0;
}
