using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Executions;

public sealed class RecorderTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_plan_on_an_application_version_that_is_not_registered_is_refused()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(RecorderTests));

        var error = await Should.ThrowAsync<RegistryRuleException>(() => registry.Recorder.PlanAsync("toy_bet", "9.9", "local", "{}", "alice", Ct));

        error.Message.ShouldBe("Application toy_bet 9.9 is not in the registry; import its descriptor first.");
    }

    [Fact]
    public async Task The_job_board_lists_unfinished_jobs_of_running_executions_per_backend()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(RecorderTests));
        await registry.Importer.ImportJsonAsync("toy.json", RegistryScenario.ToyDescriptor, "alice", Ct);
        var id = await registry.Recorder.PlanAsync("toy_bet", "1.0", "slurm", "{}", "alice", Ct);
        await registry.Recorder.ApproveAsync(id, "bob", Ct);
        await registry.Recorder.SubmitAsync(id, "bob", Ct);
        await registry.Recorder.StartAsync(id, [], Ct);
        await registry.Recorder.SubmitJobAsync(id, new JobSubmission("a", "slurm", "101", "{}", "bet", ["bet"], null), Ct);
        await registry.Recorder.SubmitJobAsync(id, new JobSubmission("b", "slurm", "102", "{}", "bet", ["bet"], null), Ct);
        await registry.Recorder.ChangeJobStatusAsync(id, "b", JobState.Succeeded, null, Ct);
        var board = new JobBoard(registry.Store);

        var slurm = await board.ActiveJobsAsync("slurm", Ct);

        slurm.Select(j => (j.ExecutionId, j.JobId, j.BackendJobId)).ShouldBe([(id, "a", "101")]);
        (await board.ActiveJobsAsync("dirac", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_deprecated_application_is_marked_in_the_catalog_and_refuses_new_versions()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(RecorderTests));
        await registry.Importer.ImportJsonAsync("toy.json", RegistryScenario.ToyDescriptor, "alice", Ct);

        (await registry.Importer.DeprecateAsync("toy_bet", "replaced by real_bet", "admin", Ct)).ShouldBeTrue();
        var newer = await registry.Importer.ImportJsonAsync("toy2.json", RegistryScenario.ToyDescriptor.Replace("\"1.0\"", "\"2.0\"", StringComparison.Ordinal), "alice", Ct);

        newer.Status.ShouldBe(VipAgent.Registry.Applications.ImportStatus.Rejected);
        (await new VipAgent.Registry.Applications.ApplicationCatalog(registry.Store).FindAsync("toy_bet", Ct))!.DeprecationReason.ShouldBe("replaced by real_bet");
        (await registry.Auditor.VerifyAsync("toy_bet", null, Ct)).Mismatches.ShouldBeEmpty();
    }
}
