using VipAgent.Boutiques;
using VipAgent.Boutiques.Generation;
using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>A job handed to a backend: what it runs (kept for retries), the outputs it must leave, its current handle and attempt.</summary>
internal sealed class TrackedJob(JobSpec spec, IReadOnlyList<string> requiredOutputs, SubmittedJob handle)
{
    public JobSpec Spec { get; } = spec;

    public IReadOnlyList<string> RequiredOutputs { get; } = requiredOutputs;

    public SubmittedJob Handle { get; set; } = handle;

    public int Attempts { get; set; } = 1;
}

/// <summary>
/// Gives an execution's prepared jobs their folders (<c>DATA/jobs/EXECUTION/JOB</c>) with the input files
/// staged from the content store, submits them to the backend in one batch, and records one JobSubmitted each.
/// </summary>
internal sealed class ExecutionSubmitter(ExecutionRecorder recorder, IExecutionBackend backend, ContentStore store)
{
    public async Task<IReadOnlyList<TrackedJob>> SubmitAsync(
        Guid executionId, string descriptorJson, IReadOnlyList<PreparedJob> jobs, Func<string, string> jobFolder,
        string? containerImage, bool noContainer, CancellationToken ct)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var specs = new List<JobSpec>();
        var submissions = new List<(string Invocation, Simulation Simulation)>();
        foreach (var job in jobs)
        {
            var folder = jobFolder(job.JobId);
            Directory.CreateDirectory(folder);
            foreach (var input in job.Inputs)
            {
                if (!hashes.TryGetValue(input.SourcePath, out var hash))
                {
                    hashes[input.SourcePath] = hash = await store.PutAsync(input.SourcePath, ct);
                }

                await store.StageAsync(hash, folder, input.RelativePath, ct);
            }

            var invocation = job.Invocation.ToJsonString();
            var simulation = BoutiquesEngine.Simulate(descriptorJson, invocation, folder).Value
                ?? throw new InvalidOperationException($"Job {job.JobId} no longer simulates in its folder.");
            specs.Add(new JobSpec(job.JobId, folder, simulation.Argv is { } argv ? JobCommand.FromArgv([.. argv]) : JobCommand.FromShell(simulation.CommandLine))
            {
                Environment = simulation.Environment,
                ExpectedOutputs = job.ExpectedOutputs,
                ContainerImage = containerImage,
                NoContainer = noContainer,
            });
            submissions.Add((invocation, simulation));
        }

        var handles = await backend.SubmitAsync(specs, ct);
        var tracked = new List<TrackedJob>();
        for (var i = 0; i < specs.Count; i++)
        {
            var (invocation, simulation) = submissions[i];
            var argv = simulation.Argv ?? ["/bin/sh", "-c", simulation.CommandLine];
            await recorder.SubmitJobAsync(
                executionId,
                new JobSubmission(specs[i].JobId, backend.Name, handles[i].BackendJobId, invocation, simulation.CommandLine, argv, specs[i].UsesContainer ? containerImage : null),
                ct);
            tracked.Add(new TrackedJob(specs[i], jobs[i].RequiredOutputs, handles[i]));
        }

        return tracked;
    }
}
