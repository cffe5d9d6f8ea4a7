using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Tests.Executions;

public sealed class ExecutionDecisionsTests
{
    private static readonly Guid Id = Guid.Parse("0199a000-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static readonly object[] Running =
    [
        new ExecutionPlanned(Id, "fsl_bet", "6", "abc", "local", "{}", "alice", Now),
        new ExecutionApproved(Id, "bob", Now),
        new ExecutionSubmitted(Id, "bob", Now),
        new ExecutionStarted(Id, [new FileHash("/data/t1.nii.gz", 10, "def")], Now),
        new JobSubmitted(Id, "job-1", "local", "pid-1", "{}", "bet t1.nii.gz out", ["bet", "t1.nii.gz", "out"], null, Now),
    ];

    private static ExecutionSummary? Given(params object[] events) => events.Aggregate(default(ExecutionSummary), ExecutionHistory.Evolve);

    private static IReadOnlyList<object> When(ExecutionSummary? state, ExecutionCommand command) => ExecutionDecisions.Decide(state, command);

    [Fact]
    public void A_plan_starts_the_stream()
    {
        var events = When(Given(), new PlanExecution(Id, "fsl_bet", "6", "abc", "local", "{}", "alice", Now));

        events.ShouldBe([new ExecutionPlanned(Id, "fsl_bet", "6", "abc", "local", "{}", "alice", Now)]);
    }

    [Fact]
    public void An_execution_cannot_start_before_it_is_approved()
    {
        var error = Should.Throw<RegistryRuleException>(() => When(Given(Running[0]), new StartExecution(Id, [], Now)));

        error.Message.ShouldContain("is planned; it can be started only when submitted");
    }

    [Fact]
    public void An_approved_execution_does_not_start_until_it_is_submitted()
    {
        var approved = Given(Running[0], Running[1]);

        var error = Should.Throw<RegistryRuleException>(() => When(approved, new StartExecution(Id, [], Now)));
        var submitted = When(approved, new SubmitExecution(Id, "carol", Now));

        error.Message.ShouldContain("is approved; it can be started only when submitted");
        submitted.ShouldBe([new ExecutionSubmitted(Id, "carol", Now)]);
        ExecutionHistory.Evolve(approved, submitted[0])!.Status.ShouldBe(ExecutionStatus.Submitted);
    }

    [Fact]
    public void A_plan_cannot_be_submitted_before_it_is_approved()
    {
        var error = Should.Throw<RegistryRuleException>(() => When(Given(Running[0]), new SubmitExecution(Id, "carol", Now)));

        error.Message.ShouldContain("it can be submitted only when approved");
    }

    [Fact]
    public void A_status_change_records_where_the_job_came_from()
    {
        var events = When(Given(Running), new ChangeJobStatus(Id, "job-1", JobState.Running, "R", Now));

        events.ShouldBe([new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Running, "R", Now)]);
    }

    [Fact]
    public void Polling_the_same_status_again_records_nothing()
    {
        var running = Given([.. Running, new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Running, null, Now)]);

        When(running, new ChangeJobStatus(Id, "job-1", JobState.Running, null, Now)).ShouldBeEmpty();
    }

    [Fact]
    public void Only_a_failed_job_can_be_retried_and_the_retry_counts_attempts()
    {
        Should.Throw<RegistryRuleException>(() => When(Given(Running), new RetryJob(Id, "job-1", "pid-2", "node lost", Now)));

        var failed = Given([.. Running, new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Failed, "exit 137", Now)]);
        var events = When(failed, new RetryJob(Id, "job-1", "pid-2", "node lost", Now));

        events.ShouldBe([new JobRetried(Id, "job-1", 2, "pid-2", "node lost", Now)]);
        Given([.. Running, new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Failed, null, Now), .. events])!
            .FindJob("job-1")!.ShouldSatisfyAllConditions(j => j.State.ShouldBe(JobState.Submitted), j => j.BackendJobId.ShouldBe("pid-2"));
    }

    [Fact]
    public void An_output_recorded_twice_with_the_same_hash_is_kept_once_and_a_different_hash_is_refused()
    {
        var output = new FileHash("/out/brain.nii.gz", 5, "111");
        var recorded = Given([.. Running, new OutputRecorded(Id, "job-1", output.Path, 5, "111", Now)]);

        When(recorded, new RecordOutput(Id, "job-1", output, Now)).ShouldBeEmpty();
        Should.Throw<RegistryRuleException>(() => When(recorded, new RecordOutput(Id, "job-1", output with { Sha256 = "222222222222222" }, Now)))
            .Message.ShouldContain("already recorded");
    }

    [Fact]
    public void An_execution_completes_only_when_every_job_has_ended()
    {
        Should.Throw<RegistryRuleException>(() => When(Given(Running), new CompleteExecution(Id, Now))).Message.ShouldContain("job-1");

        var done = Given([.. Running, new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Succeeded, null, Now)]);
        When(done, new CompleteExecution(Id, Now)).ShouldBe([new ExecutionCompleted(Id, Now)]);
    }

    [Fact]
    public void Nothing_more_is_recorded_after_an_execution_is_cancelled()
    {
        var cancelled = Given([.. Running, new ExecutionCancelled(Id, "bob", "wrong input", Now)]);

        Should.Throw<RegistryRuleException>(() => When(cancelled, new ChangeJobStatus(Id, "job-1", JobState.Running, null, Now)))
            .Message.ShouldContain("already cancelled");
    }

    [Fact]
    public void The_summary_counts_jobs_by_state_and_keeps_timings()
    {
        var summary = Given([.. Running, new JobStatusChanged(Id, "job-1", JobState.Submitted, JobState.Running, null, Now.AddMinutes(1))])!;

        summary.Status.ShouldBe(ExecutionStatus.Running);
        summary.JobsByState().ShouldBe(new Dictionary<JobState, int> { [JobState.Running] = 1 });
        summary.FindJob("job-1")!.LastChangedAt.ShouldBe(Now.AddMinutes(1));
        summary.ApprovedBy.ShouldBe("bob");
    }
}
