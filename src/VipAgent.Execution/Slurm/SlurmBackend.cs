using System.Globalization;
using VipAgent.Execution.Containers;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Slurm;

/// <summary>
/// Runs jobs on a Slurm cluster: one <c>sbatch --array</c> per batch (per wall time; one script file, jobs create their
/// own folders on the node), one <c>squeue</c> call per poll for every job, exit codes read from the file each job
/// writes (accounting may be absent), <c>scancel</c>. Use a fresh working folder per attempt: an exit-code file left
/// by an earlier attempt is only replaced when the new one runs.
/// </summary>
public sealed class SlurmBackend : IExecutionBackend
{
    private readonly SlurmBackendOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly SlurmCommand _command;
    private readonly ContainerRuntime? _runtime;
    private readonly string _shared;

    public SlurmBackend(SlurmBackendOptions options, ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxArraySize, 1);
        _options = options;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _shared = Path.GetFullPath(options.SharedWorkingDirectory);
        _command = new SlurmCommand(options);
        _runtime = options.ContainerRuntime is null ? null : ContainerRuntime.Detect(options.ContainerRuntime);
    }

    public string Name => "slurm";

    public async Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var bodies = jobs.Select(Prepare).ToList();
        var handles = new SubmittedJob[jobs.Count];
        var submitted = new List<string>();
        try
        {
            foreach (var group in jobs.Select((job, index) => (job, index)).GroupBy(x => x.job.WallTime))
            {
                foreach (var chunk in group.Chunk(_options.MaxArraySize))
                {
                    var arrayId = await SubmitArrayAsync(
                        chunk[0].job.JobId, chunk.Select(x => bodies[x.index]).ToList(), group.Key, cancellationToken);
                    submitted.Add(arrayId);
                    for (var task = 0; task < chunk.Length; task++)
                    {
                        var (job, index) = chunk[task];
                        handles[index] = new SubmittedJob(
                            job.JobId, FormattableString.Invariant($"{arrayId}_{task}"), job.WorkingDirectory, job.ExpectedOutputs);
                    }
                }
            }
        }
        catch when (submitted.Count > 0)
        {
            // All or nothing: a batch half submitted would leave jobs nobody tracks.
            await _command.RunAsync("scancel", submitted, _shared, CancellationToken.None);
            throw;
        }

        return handles;
    }

    public async Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return [];
        }

        var ids = jobs.Select(j => j.BackendJobId.Split('_')[0]).Distinct(StringComparer.Ordinal);
        var result = await _command.RunAsync(
            "squeue", ["-h", "-r", "-t", "all", "-j", string.Join(',', ids), "-o", SlurmText.SqueueFormat], _shared, cancellationToken);
        if (result.ExitCode != 0 && !SlurmText.IsInvalidJobId(result.Error))
        {
            throw new SlurmException($"squeue failed ({result.ExitCode}): {result.Error.Trim()}");
        }

        var now = _time.GetUtcNow();
        var known = (result.ExitCode == 0 ? SlurmText.ParseSqueue(result.Output) : [])
            .ToDictionary(r => r.JobId, StringComparer.Ordinal);
        return jobs.Select(job => Status(job, known.GetValueOrDefault(job.BackendJobId), now)).ToList();
    }

    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (jobs.Count == 0)
        {
            return;
        }

        var result = await _command.RunAsync("scancel", jobs.Select(j => j.BackendJobId), _shared, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new SlurmException($"scancel failed ({result.ExitCode}): {result.Error.Trim()}");
        }
    }

    public Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _store.CollectAsync(
            job, JobFiles.StandardOutput(job.WorkingDirectory), JobFiles.StandardError(job.WorkingDirectory), cancellationToken);
    }

    private string Prepare(JobSpec job)
    {
        JobFiles.Validate(job);
        if (!PathGuard.IsInside(_shared, Path.GetFullPath(job.WorkingDirectory)))
        {
            throw new ArgumentException(
                $"Job {job.JobId}: its folder '{job.WorkingDirectory}' is outside the shared working folder '{_shared}' the nodes see.",
                nameof(job));
        }

        return SlurmScripts.JobBody(job, _runtime);
    }

    private async Task<string> SubmitArrayAsync(
        string firstJobId, IReadOnlyList<string> bodies, TimeSpan? wallTime, CancellationToken cancellationToken)
    {
        var batch = Path.Combine(_shared, ".vip-slurm", _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)
            + "-" + Guid.CreateVersion7().ToString("n")[^12..]);
        Directory.CreateDirectory(batch);
        var script = Path.Combine(batch, "array.sh");
        await File.WriteAllTextAsync(script, SlurmScripts.ArrayScript(bodies, _options.ExtraSbatchLines), cancellationToken);

        var arguments = new List<string>
        {
            "--parsable",
            FormattableString.Invariant($"--array=0-{bodies.Count - 1}"),
            "--job-name=vip-" + firstJobId,
            "--output=" + Path.Combine(batch, "%a.out"),
            "--chdir=" + batch,
        };
        if (wallTime is { } limit)
        {
            arguments.Add("--time=" + SlurmScripts.TimeLimit(limit));
        }

        if (_options.Partition is { } partition)
        {
            arguments.Add("--partition=" + partition);
        }

        if (_options.Account is { } account)
        {
            arguments.Add("--account=" + account);
        }

        arguments.Add(script);
        var result = await _command.RunAsync("sbatch", arguments, batch, cancellationToken);
        var id = result.Output.Trim().Split('\n')[0].Split(';')[0];
        if (result.ExitCode != 0 || !long.TryParse(id, out _))
        {
            throw new SlurmException($"sbatch refused the batch ({result.ExitCode}): {(result.Error + result.Output).Trim()}");
        }

        return id;
    }

    private JobStatus Status(SubmittedJob job, SlurmJobRecord? record, DateTimeOffset now)
    {
        if (record is null)
        {
            return JobFiles.ReadExitCode(job.WorkingDirectory) switch
            {
                null => new JobStatus(job.JobId, JobState.Stalled, "UNKNOWN", "not in squeue and no exit-code file", null, now),
                0 => new JobStatus(job.JobId, JobState.Completed, "COMPLETED", "no longer in squeue; exit-code file", 0, now),
                var code => new JobStatus(job.JobId, JobState.Failed, "FAILED", "no longer in squeue; exit-code file", code, now),
            };
        }

        var state = SlurmStates.ToJobState(record.State);
        var exitCode = SlurmStates.IsTerminal(record.State) ? JobFiles.ReadExitCode(job.WorkingDirectory) ?? record.ExitCode : null;
        return new JobStatus(job.JobId, state, record.State, record.Reason, exitCode, now);
    }
}
