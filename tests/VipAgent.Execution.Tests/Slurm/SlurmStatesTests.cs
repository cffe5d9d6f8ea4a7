using VipAgent.Execution.Slurm;

namespace VipAgent.Execution.Tests.Slurm;

public sealed class SlurmStatesTests
{
    [Theory]
    [InlineData("PENDING", JobState.Queued)]
    [InlineData("CONFIGURING", JobState.Queued)]
    [InlineData("REQUEUED", JobState.Queued)]
    [InlineData("REQUEUE_HOLD", JobState.Queued)]
    [InlineData("RUNNING", JobState.Running)]
    [InlineData("COMPLETING", JobState.Running)]
    [InlineData("SUSPENDED", JobState.Running)]
    [InlineData("COMPLETED", JobState.Completed)]
    [InlineData("FAILED", JobState.Failed)]
    [InlineData("TIMEOUT", JobState.Failed)]
    [InlineData("NODE_FAIL", JobState.Failed)]
    [InlineData("OUT_OF_MEMORY", JobState.Failed)]
    [InlineData("PREEMPTED", JobState.Failed)]
    [InlineData("BOOT_FAIL", JobState.Failed)]
    [InlineData("DEADLINE", JobState.Failed)]
    [InlineData("CANCELLED", JobState.Cancelled)]
    [InlineData("CANCELLED by 1000", JobState.Cancelled)]
    [InlineData("CANCELLED+", JobState.Cancelled)]
    [InlineData("CA", JobState.Cancelled)]
    [InlineData("OOM", JobState.Failed)]
    [InlineData("PD", JobState.Queued)]
    [InlineData("SOMETHING_NEW", JobState.Stalled)]
    public void Maps_every_slurm_state_onto_the_common_lifecycle(string slurmState, JobState expected) =>
        SlurmStates.ToJobState(slurmState).ShouldBe(expected);

    [Fact]
    public void Keeps_the_long_name_of_a_decorated_or_short_state() =>
        new[] { SlurmStates.Normalize("CANCELLED by 0"), SlurmStates.Normalize("TO") }.ShouldBe(["CANCELLED", "TIMEOUT"]);
}
