using System.Collections.Concurrent;
using System.Globalization;
using VipAgent.Execution.Containers;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Local;

/// <summary>
/// Runs jobs on this machine: argv directly (no shell) or <c>/bin/sh -c</c> on a quoted line, in the job's folder,
/// with its environment, at most <see cref="LocalBackendOptions.MaxConcurrency"/> at once, killing the whole
/// process tree on wall time or cancellation. Logs and the exit code go to the job's <c>.vip/</c> folder.
/// </summary>
public sealed class LocalBackend : IExecutionBackend, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LocalJob> _jobs = new();
    private readonly LocalBackendOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly ContainerRuntime? _runtime;
    private long _sequence;

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
            return JobFiles.Launch(job, _runtime);
        }).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        var handles = new List<SubmittedJob>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var spec = jobs[i];
            var backendId = "local-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
            var handle = new SubmittedJob(spec.JobId, backendId, spec.WorkingDirectory, spec.ExpectedOutputs);
            var job = new LocalJob(spec, handle, Status(spec.JobId, JobState.Queued, "QUEUED", null, null));
            _jobs[backendId] = job;
            var (argv, runtimeEnvironment) = launches[i];
            job.Completion = Task.Run(() => RunAsync(job, argv, runtimeEnvironment), CancellationToken.None);
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
            : FromExitCodeFile(handle)).ToList();
        return Task.FromResult(statuses);
    }

    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var running = jobs.Select(h => _jobs.GetValueOrDefault(h.BackendJobId)).OfType<LocalJob>().ToList();
        foreach (var job in running)
        {
            await job.Cancellation.CancelAsync();
        }

        await Task.WhenAll(running.Select(j => j.Completion)).WaitAsync(cancellationToken);
    }

    public Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _store.CollectAsync(
            job, JobFiles.StandardOutput(job.WorkingDirectory), JobFiles.StandardError(job.WorkingDirectory), cancellationToken);
    }

    /// <summary>Cancels every job still queued or running and waits for their processes to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await CancelAsync(_jobs.Values.Select(j => j.Handle).ToList(), CancellationToken.None);
        foreach (var job in _jobs.Values)
        {
            job.Dispose();
        }

        _slots.Dispose();
    }

    private async Task RunAsync(
        LocalJob job, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> runtimeEnvironment)
    {
        var spec = job.Spec;
        try
        {
            await _slots.WaitAsync(job.Cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            job.Status = Status(spec.JobId, JobState.Cancelled, "CANCELLED", "cancelled before it started", null);
            return;
        }

        try
        {
            job.Status = await LocalProcess.RunAsync(job, argv, runtimeEnvironment, _options, _time);
        }
#pragma warning disable CA1031 // a job that cannot start is a failed job, whatever the cause
        catch (Exception e)
#pragma warning restore CA1031
        {
            job.Status = Status(spec.JobId, JobState.Failed, "FAILED_TO_START", e.Message, null);
        }
        finally
        {
            _slots.Release();
        }
    }

    private JobStatus FromExitCodeFile(SubmittedJob handle)
    {
        var code = JobFiles.ReadExitCode(handle.WorkingDirectory);
        return code switch
        {
            null => Status(handle.JobId, JobState.Stalled, "UNKNOWN",
                "this local backend did not start the job (the service restarted?) and it left no exit code", null),
            0 => Status(handle.JobId, JobState.Completed, "COMPLETED", "read from the exit-code file", 0),
            _ => Status(handle.JobId, JobState.Failed, "FAILED", "read from the exit-code file", code),
        };
    }

    private JobStatus Status(string jobId, JobState state, string backendState, string? reason, int? exitCode) =>
        new(jobId, state, backendState, reason, exitCode, _time.GetUtcNow());
}
