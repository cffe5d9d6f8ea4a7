using VipAgent.Registry.Chain;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Executions;

public sealed class ConcurrencyTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Of_two_writers_that_read_the_same_version_only_the_first_wins_and_the_second_is_told_to_retry()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ConcurrencyTests));
        var (id, _) = await registry.RecordExecutionAsync(Ct);
        var stream = StreamKeys.Execution(id);
        await using var first = registry.Store.LightweightSession();
        await using var second = registry.Store.LightweightSession();
        var readByFirst = await ChainedStream.LoadAsync(first, stream, Ct);
        var readBySecond = await ChainedStream.LoadAsync(second, stream, Ct);

        readByFirst.Append(first, "unused", [new ExecutionFailed(id, "first writer", registry.Clock.GetUtcNow())]);
        await readByFirst.SaveAsync(first, Ct);
        readBySecond.Append(second, "unused", [new ExecutionFailed(id, "second writer", registry.Clock.GetUtcNow())]);
        var error = await Should.ThrowAsync<RegistryConcurrencyException>(() => readBySecond.SaveAsync(second, Ct));

        error.Message.ShouldContain("retry");
        error.Stream.ShouldBe(stream);
        var events = await registry.EventsAsync(stream, Ct);
        events.Count.ShouldBe(10);
        events[^1].Data.ShouldBe(new ExecutionFailed(id, "first writer", registry.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Many_writers_racing_on_one_execution_lose_no_event_and_duplicate_none()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ConcurrencyTests));
        await registry.Importer.ImportJsonAsync("toy.json", RegistryScenario.ToyDescriptor, "alice", Ct);
        var id = await registry.Recorder.PlanAsync("toy_bet", "1.0", "local", "{}", "alice", Ct);
        await registry.Recorder.ApproveAsync(id, "bob", Ct);
        await registry.Recorder.SubmitAsync(id, "bob", Ct);
        await registry.Recorder.StartAsync(id, [], Ct);
        const int writers = 8, jobsEach = 6;
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var j = 0; j < jobsEach; j++)
            {
                var job = new JobSubmission($"job-{w}-{j}", "local", $"pid-{w}-{j}", "{}", "true", ["true"], null);
                while (true)
                {
                    try
                    {
                        await registry.Recorder.SubmitJobAsync(id, job, Ct);
                        break;
                    }
                    catch (RegistryConcurrencyException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }, Ct)));

        var summary = (await registry.Recorder.FindAsync(id, Ct))!;
        summary.Jobs.Count.ShouldBe(writers * jobsEach);
        summary.Jobs.Select(j => j.JobId).Distinct().Count().ShouldBe(writers * jobsEach);
        var events = await registry.EventsAsync(StreamKeys.Execution(id), Ct);
        events.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 4 + writers * jobsEach).Select(v => (long)v));
        (await registry.Auditor.VerifyAsync(id.ToString(), null, Ct)).Mismatches.ShouldBeEmpty();
        TestContext.Current.SendDiagnosticMessage($"{conflicts} lost races were retried");
    }
}
