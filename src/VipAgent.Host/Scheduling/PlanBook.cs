using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Boutiques.Generation;
using VipAgent.Execution;
using VipAgent.Execution.Onnx;
using VipAgent.Host.Executions;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>An execution's recorded plan with the exact descriptor it was planned against.</summary>
/// <param name="ModelSha256">For an ONNX application, the SHA-256 of its model as recorded at import (the model is in the content store).</param>
internal sealed record PlannedRun(Guid ExecutionId, RunPlan Plan, string DescriptorJson, string? ContainerImage, string? ModelSha256 = null);

/// <summary>
/// Reads each execution's plan and descriptor once per process (they never change) and turns a planned job
/// into what a backend runs: its spec, simulated in its own folder, and its handle for polling and collecting.
/// </summary>
internal sealed class PlanBook(ExecutionRecorder recorder, ApplicationCatalog catalog, BackendSet backends)
{
    private readonly ConcurrentDictionary<Guid, PlannedRun> _runs = new();

    public async Task<PlannedRun> GetAsync(Guid executionId, CancellationToken ct)
    {
        if (_runs.TryGetValue(executionId, out var known))
        {
            return known;
        }

        var planned = await recorder.FindPlanAsync(executionId, ct)
            ?? throw new InvalidOperationException($"Execution {executionId} has no recorded plan.");
        var plan = RunPlan.Parse(planned.PlanJson);
        var published = await catalog.FindDescriptorAsync(planned.Application, planned.ToolVersion, ct)
            ?? throw new InvalidOperationException($"{planned.Application} {planned.ToolVersion} is no longer in the registry.");
        string? model = null;
        if (OnnxApplicationParser.IsOnnx(JsonNode.Parse(published.CanonicalDescriptor)))
        {
            var version = (await catalog.FindAsync(planned.Application, ct))?.FindVersion(planned.ToolVersion);
            model = version?.Files.FirstOrDefault(f => f.Key == "vipagent:model")?.Sha256
                ?? throw new InvalidOperationException($"{planned.Application} {planned.ToolVersion} is an ONNX application whose model was not recorded at import; import it again.");
        }

        return _runs[executionId] = new PlannedRun(executionId, plan, published.CanonicalDescriptor, published.ContainerImage, model);
    }

    /// <summary>Forgets an execution that ended.</summary>
    public void Forget(Guid executionId) => _runs.TryRemove(executionId, out _);

    /// <summary>The spec of one planned job in its folder, and the simulation that gave its command line.</summary>
    public (JobSpec Spec, Simulation Simulation) Spec(PlannedRun run, PreparedJob job)
    {
        var folder = backends.JobFolder(run.ExecutionId, job.JobId);
        var invocation = job.Invocation.ToJsonString();

        // a grid job runs in its unpacked sandbox on a worker node: its command line names files relative to it
        var simulatedIn = run.Plan.Backend == ExecutionBackends.Dirac ? "." : folder;
        var simulation = BoutiquesEngine.Simulate(run.DescriptorJson, invocation, simulatedIn).Value
            ?? throw new InvalidOperationException($"Job {job.JobId} no longer simulates in its folder.");
        JobCommand command = simulation.Argv is { } argv ? JobCommand.FromArgv([.. argv]) : JobCommand.FromShell(simulation.CommandLine);
        var spec = new JobSpec(job.JobId, folder, command)
        {
            Environment = simulation.Environment,
            ExpectedOutputs = job.ExpectedOutputs,
            ContainerImage = run.ContainerImage,
            NoContainer = run.Plan.NoContainer,
            Onnx = run.ModelSha256 is { } sha
                ? OnnxJob.Create(run.DescriptorJson, invocation, simulation.OutputFiles, backends.Store.PathOf(sha), sha)
                : null,
        };
        return (spec, simulation);
    }

    /// <summary>What a backend needs to poll, cancel or collect a recorded job.</summary>
    public SubmittedJob Handle(PlannedRun run, JobView job) =>
        new(job.JobId, job.BackendJobId, backends.JobFolder(run.ExecutionId, job.JobId), run.Plan.Job(job.JobId).ExpectedOutputs);
}
