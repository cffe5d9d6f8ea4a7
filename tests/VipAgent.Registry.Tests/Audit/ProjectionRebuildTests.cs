using VipAgent.Registry.Audit;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Audit;

public sealed class ProjectionRebuildTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Rebuilding_the_projections_restores_a_summary_edited_in_SQL_and_the_audit_is_clean_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ProjectionRebuildTests));
        var (id, _) = await registry.RecordExecutionAsync(ct);
        await registry.SqlAsync("UPDATE mt_doc_executionsummary SET data = jsonb_set(data, '{status}', '\"Failed\"') WHERE id = @s", ct, ("s", StreamKeys.Execution(id)));
        (await registry.Auditor.VerifyAsync(null, null, ct)).IsClean.ShouldBeFalse();

        var written = await new ProjectionRebuilder(registry.Store).RebuildAsync(ct);

        written.ShouldBe(2);
        (await registry.Recorder.FindAsync(id, ct))!.Status.ShouldBe(ExecutionStatus.Completed);
        (await registry.Auditor.VerifyAsync(null, null, ct)).Mismatches.ShouldBeEmpty();
    }
}
