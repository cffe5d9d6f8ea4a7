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

    /// <summary>The execution's summary as projected, or null.</summary>
    public async Task<ExecutionSummary?> FindAsync(Guid executionId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ExecutionSummary>(StreamKeys.Execution(executionId), ct);
    }

    /// <summary>Decides <paramref name="command"/> on the stream as it is now and appends what it decided; returns the events appended.</summary>
    public async Task<IReadOnlyList<object>> RecordAsync(ExecutionCommand command, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await ChainedStream.LoadAsync(session, StreamKeys.Execution(command.ExecutionId), ct);
        var events = ExecutionDecisions.Decide(stream.Fold<ExecutionSummary>(ExecutionHistory.Evolve), command);
        if (events.Count > 0)
        {
            var genesis = EventChain.Genesis(stream.Key, (stream.Events.FirstOrDefault()?.Data ?? events[0]) is ExecutionPlanned p ? p.DescriptorSha256 : null);
            stream.Append(session, genesis, events);
            await stream.SaveAsync(session, ct);
        }

        return events;
    }
}
