using System.Collections.Concurrent;
using VipAgent.Execution.Containers;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Local;

/// <summary>
/// Runs jobs on this machine: argv directly (no shell parses any value) or <c>/bin/sh -c</c> on a quoted line, in
/// the job's folder, with its environment, at most <see cref="LocalBackendOptions.MaxConcurrency"/> at once,
/// killing the whole process group on wall time or cancellation. Logs, pid and exit code go to the job's
/// <c>.vip/</c> folder, so jobs outlive the process that started them: a backend in a new process (the service
/// was restarted) reports them from those files, starts the ones still waiting, and enforces their wall time.
/// </summary>
public sealed class LocalBackend : IExecutionBackend, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LocalJob> _jobs = new();
    private readonly LocalBackendOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ContainerRuntime? _runtime;

    public LocalBackend(LocalBackendOptions options, ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        _options = options;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _runtime = ContainerRuntime.Detect(options.ContainerRuntime);
    }

    public string Name => "local";

    public Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var launches = jobs.Select(job =>
        {
            JobFiles.Validate(job);
            var (argv, runtimeEnvironment) = JobFiles.Launch(job, _runtime);
            return new LaunchRecord(argv, job.UsesContainer ? runtimeEnvironment : job.Environment, job.WallTime?.TotalSeconds);
        }).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        var handles = new List<SubmittedJob>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var spec = jobs[i];
            Directory.CreateDirectory(Path.Combine(spec.WorkingDirectory, JobFiles.Folder));
            File.Delete(ProcessGroup.PathIn(spec.WorkingDirectory));
            launches[i].Write(spec.WorkingDirectory);
            var handle = new SubmittedJob(spec.JobId, "local-" + Guid.CreateVersion7().ToString("N")[^12..], spec.WorkingDirectory, spec.ExpectedOutputs);
            Start(handle, launches[i]);
            handles.Add(handle);
        }

        return Task.FromResult<IReadOnlyList<SubmittedJob>>(handles);
    }

    public Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<JobStatus> statuses = jobs.Select(handle => _jobs.TryGetValue(handle.BackendJobId, out var job)
            ? job.Status
            : Adopt(handle)).ToList();
        return Task.FromResult(statuses);
    }

    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var running = new List<LocalJob>();
        foreach (var handle in jobs)
        {
            if (_jobs.TryGetValue(handle.BackendJobId, out var job))
            {
                running.Add(job);
                await job.Cancellation.CancelAsync();
            }
            else if (LocalProcess.ReadEnd(handle.JobId, handle.WorkingDirectory, null, _time.GetUtcNow()) is null)
            {
                // started by another process: kill its group through the pid it recorded
                AtomicFile.Write(LocalProcess.EndedMarker(handle.WorkingDirectory), "CANCELLED\n");
                ProcessGroup.Read(handle.WorkingDirectory)?.Kill();
            }
        }

        await Task.WhenAll(running.Select(j => j.Completion)).WaitAsync(cancellationToken);
    }

    public Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _store.CollectAsync(
            job, JobFiles.StandardOutput(job.WorkingDirectory), JobFiles.StandardError(job.WorkingDirectory), cancellationToken);
    }

    /// <summary>
    /// Kills every job still queued or running and waits for it, or, when <see cref="LocalBackendOptions.StopJobsOnDispose"/>
    /// is false, leaves running jobs to run and waiting ones to the next backend.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_options.StopJobsOnDispose)
        {
            await CancelAsync(_jobs.Values.Select(j => j.Handle).ToList(), CancellationToken.None);
        }

        await _disposing.CancelAsync();
        await Task.WhenAll(_jobs.Values.Select(j => j.Completion));
        foreach (var job in _jobs.Values)
        {
            job.Dispose();
        }

        _slots.Dispose();
        _disposing.Dispose();
    }

    private void Start(SubmittedJob handle, LaunchRecord launch)
    {
        var job = new LocalJob(handle, Status(handle.JobId, JobState.Queued, "QUEUED", null, null));
        _jobs[handle.BackendJobId] = job;
        job.Completion = Task.Run(() => RunAsync(job, launch), CancellationToken.None);
    }

    /// <summary>A job this backend did not start: read how it ended, see whether it still runs, or start it if it never did.</summary>
    private JobStatus Adopt(SubmittedJob handle)
    {
        var folder = handle.WorkingDirectory;
        var launch = LaunchRecord.Read(folder);
        var now = _time.GetUtcNow();
        if (LocalProcess.ReadEnd(handle.JobId, folder, launch?.WallTime, now) is { } ended)
        {
            return ended;
        }

        if (ProcessGroup.Read(folder) is { } group)
        {
            if (!group.IsAlive)
            {
                return Status(handle.JobId, JobState.Stalled, "LOST", "its process ended without leaving an exit code (killed, or the machine restarted)", null);
            }

            if (launch?.WallTime is { } limit && ProcessGroup.StartedAt(folder) is { } started && now - started > limit)
            {
                AtomicFile.Write(LocalProcess.EndedMarker(folder), JobStatus.TimeoutState + "\n");
                group.Kill();
                return LocalProcess.ReadEnd(handle.JobId, folder, limit, now)!;
            }

            return Status(handle.JobId, JobState.Running, "RUNNING", "started by an earlier process; watched through its pid", null);
        }

        if (launch is not null && !_disposing.IsCancellationRequested)
        {
            Start(handle, launch);
            return _jobs[handle.BackendJobId].Status;
        }

        return Status(handle.JobId, JobState.Stalled, "UNKNOWN",
            "this local backend did not start the job (the service restarted?) and it left no exit code", null);
    }

    private async Task RunAsync(LocalJob job, LaunchRecord launch)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, _disposing.Token);
        try
        {
            await _slots.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            AtomicFile.Write(LocalProcess.EndedMarker(job.Handle.WorkingDirectory), "CANCELLED\n");
            job.Status = Status(job.Handle.JobId, JobState.Cancelled, "CANCELLED", "cancelled before it started", null);
            return;
        }
        catch (OperationCanceledException)
        {
            return; // this process is ending: the job stays waiting for the next backend (launch.json, no pid)
        }

        try
        {
            job.Status = await LocalProcess.RunAsync(job, launch, _time, _disposing.Token) ?? job.Status;
        }
#pragma warning disable CA1031 // a job that cannot start is a failed job, whatever the cause
        catch (Exception e)
#pragma warning restore CA1031
        {
            job.Status = Status(job.Handle.JobId, JobState.Failed, "FAILED_TO_START", e.Message, null);
        }
        finally
        {
            _slots.Release();
        }
    }

    private JobStatus Status(string jobId, JobState state, string backendState, string? reason, int? exitCode) =>
        new(jobId, state, backendState, reason, exitCode, _time.GetUtcNow());
}
