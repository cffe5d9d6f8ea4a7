using VipAgent.Execution.Dirac;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class DiracStatesTests
{
    [Theory]
    [InlineData("Submitting", JobState.Queued)]
    [InlineData("Received", JobState.Queued)]
    [InlineData("Checking", JobState.Queued)]
    [InlineData("Scouting", JobState.Queued)]
    [InlineData("Staging", JobState.Queued)]
    [InlineData("Waiting", JobState.Queued)]
    [InlineData("Matched", JobState.Queued)]
    [InlineData("Rescheduled", JobState.Queued)]
    [InlineData("Running", JobState.Running)]
    [InlineData("Completing", JobState.Running)]
    [InlineData("Completed", JobState.Running)]
    [InlineData("Stalled", JobState.Stalled)]
    [InlineData("Done", JobState.Completed)]
    [InlineData("Failed", JobState.Failed)]
    [InlineData("Killed", JobState.Cancelled)]
    [InlineData("Deleted", JobState.Cancelled)]
    [InlineData("SomethingNew", JobState.Stalled)]
    public void Maps_every_DIRAC_status_onto_the_common_lifecycle(string status, JobState expected)
    {
        DiracStates.ToJobState(status).ShouldBe(expected);
    }
}
