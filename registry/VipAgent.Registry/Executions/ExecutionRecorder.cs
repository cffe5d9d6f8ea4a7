using Marten;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Chain;

namespace VipAgent.Registry.Executions;

/// <summary>
/// Records an execution's life in its stream, from the plan to the last output. Each call reads the
/// stream, decides, and appends chained events with optimistic concurrency: a concurrent writer makes
/// it throw <see cref="RegistryConcurrencyException"/> (retry), a command the state forbids makes it
/// throw <see cref="RegistryRuleException"/>.
/// </summary>
public sealed class ExecutionRecorder(IDocumentStore store, TimeProvider time)
{
    /// <summary>Records a plan against a published application version; returns the new execution's id.</summary>
    public async Task<Guid> PlanAsync(string application, string toolVersion, string backend, string planJson, string plannedBy, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var app = await session.LoadAsync<ApplicationCatalogEntry>(StreamKeys.Application(application), ct);
        var version = app?.FindVersion(toolVersion)
            ?? throw new RegistryRuleException($"Application {application} {toolVersion} is not in the registry; import its descriptor first.");
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await RecordAsync(new PlanExecution(id, application, toolVersion, version.DescriptorSha256, backend, planJson, plannedBy, now), ct);
        return id;
    }

    public Task ApproveAsync(Guid executionId, string approvedBy, CancellationToken ct) =>
        RecordAsync(new ApproveExecution(executionId, approvedBy, time.GetUtcNow()), ct);

    /// <summary>Hands an approved execution to the scheduler; nothing starts before this.</summary>
    public Task SubmitAsync(Guid executionId, string submittedBy, CancellationToken ct) =>
        RecordAsync(new SubmitExecution(executionId, submittedBy, time.GetUtcNow()), ct);

    /// <summary>Hashes every input file (SHA-256), then records the start with those hashes.</summary>
    public async Task StartAsync(Guid executionId, IEnumerable<string> inputFiles, CancellationToken ct)
    {
        var inputs = new List<FileHash>();
        foreach (var file in inputFiles)
        {
            inputs.Add(await FileHashing.HashAsync(file, ct));
        }

        await RecordAsync(new StartExecution(executionId, inputs, time.GetUtcNow()), ct);
    }

    public Task SubmitJobAsync(Guid executionId, JobSubmission job, CancellationToken ct) =>
        RecordAsync(new SubmitJob(executionId, job, time.GetUtcNow()), ct);

    /// <summary>Records a job's new state; a state equal to the current one records nothing.</summary>
    public Task ChangeJobStatusAsync(Guid executionId, string jobId, JobState to, string? backendDetail, CancellationToken ct) =>
        RecordAsync(new ChangeJobStatus(executionId, jobId, to, backendDetail, time.GetUtcNow()), ct);

    public Task RetryJobAsync(Guid executionId, string jobId, string newBackendJobId, string reason, CancellationToken ct) =>
        RecordAsync(new RetryJob(executionId, jobId, newBackendJobId, reason, time.GetUtcNow()), ct);

    /// <summary>Hashes an output file (SHA-256) and records its path, size and hash.</summary>
    public async Task RecordOutputAsync(Guid executionId, string jobId, string path, CancellationToken ct) =>
        await RecordAsync(new RecordOutput(executionId, jobId, await FileHashing.HashAsync(path, ct), time.GetUtcNow()), ct);

    public Task CompleteAsync(Guid executionId, CancellationToken ct) =>
        RecordAsync(new CompleteExecution(executionId, time.GetUtcNow()), ct);

    public Task FailAsync(Guid executionId, string reason, CancellationToken ct) =>
        RecordAsync(new FailExecution(executionId, reason, time.GetUtcNow()), ct);

    public Task CancelAsync(Guid executionId, string cancelledBy, string reason, CancellationToken ct) =>
        RecordAsync(new CancelExecution(executionId, cancelledBy, reason, time.GetUtcNow()), ct);

    /// <summary>The plan an execution was recorded with (its first event), or null when there is no such execution.</summary>
    public async Task<ExecutionPlanned?> FindPlanAsync(Guid executionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(StreamKeys.Execution(executionId), version: 1, token: ct);
        return events.Count > 0 ? events[0].Data as ExecutionPlanned : null;
    }

    /// <summary>
    /// Decides <paramref name="commands"/> in order on the stream as it is now, each on the state the previous ones
    /// left, and appends all their events in one write: one read and one round trip for many changes of one execution.
    /// A command the state forbids throws <see cref="RegistryRuleException"/> and nothing is recorded.
    /// </summary>
    public async Task<IReadOnlyList<object>> RecordAllAsync(Guid executionId, IReadOnlyList<ExecutionCommand> commands, CancellationToken ct)
    {
        if (commands.Count == 0)
        {
            return [];
        }

        await using var session = store.LightweightSession();
        var stream = await ChainedStream.LoadAsync(session, StreamKeys.Execution(executionId), ct);
        var state = stream.Fold<ExecutionSummary>(ExecutionHistory.Evolve);
        var events = new List<object>();
        foreach (var command in commands)
        {
            if (command.ExecutionId != executionId)
            {
                throw new ArgumentException($"Command {command.GetType().Name} is for execution {command.ExecutionId}, not {executionId}.", nameof(commands));
            }

            foreach (var decided in ExecutionDecisions.Decide(state, command))
            {
                events.Add(decided);
                state = ExecutionHistory.Evolve(state, decided);
            }
        }

        if (events.Count > 0)
        {
            var genesis = EventChain.Genesis(stream.Key, (stream.Events.FirstOrDefault()?.Data ?? events[0]) is ExecutionPlanned p ? p.DescriptorSha256 : null);
            stream.Append(session, genesis, events);
            await stream.SaveAsync(session, ct);
        }

        return events;
    }

    /// <summary>The execution's summary as projected, or null.</summary>
    public async Task<ExecutionSummary?> FindAsync(Guid executionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ExecutionSummary>(StreamKeys.Execution(executionId), ct);
    }

    /// <summary>Decides <paramref name="command"/> on the stream as it is now and appends what it decided; returns the events appended.</summary>
    public Task<IReadOnlyList<object>> RecordAsync(ExecutionCommand command, CancellationToken ct) =>
        RecordAllAsync(command.ExecutionId, [command], ct);
}
