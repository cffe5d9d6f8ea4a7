using System.Globalization;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs ONNX applications in this process (<see cref="JobSpec.Onnx"/>): one cached session per model on CUDA when
/// usable, else the CPU. Queued jobs are taken in order, each with up to <see cref="OnnxBackendOptions.MaxBatch"/>
/// − 1 later jobs of the same model, and at most <see cref="OnnxBackendOptions.MaxConcurrency"/> such batches run at
/// once; jobs of a batch whose volumes fit one tensor share one inference (<see cref="OnnxBatchExecution"/>). Like
/// every backend it leaves <c>.vip/stdout.log</c>, <c>.vip/stderr.log</c> and <c>.vip/exit-code</c> in the job's
/// folder, plus <c>.vip/onnx.json</c>; the device, times and batch size are also the final status's reason.
/// </summary>
public sealed class OnnxBackend : IExecutionBackend, IAsyncDisposable
{
    /// <summary>The name users give the backend.</summary>
    public const string BackendName = "onnx";

    private readonly Dictionary<string, OnnxRunningJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<(OnnxRunningJob Job, string? ModelKey)> _queue = [];
    private readonly Lock _gate = new();
    private readonly OnnxBackendOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly OnnxModelCache _models;
    private readonly OnnxBatchExecution _execution;
    private readonly List<Task> _batches = [];
    private long _sequence;
    private bool _disposed;

    public OnnxBackend(OnnxBackendOptions options, ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch ?? 1, 1);
        _options = options;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _models = new OnnxModelCache(options);
        _execution = new OnnxBatchExecution(_models, options, time);
    }

    public string Name => BackendName;

    public Task<IReadOnlyList<SubmittedJob>> SubmitAsync(IReadOnlyList<JobSpec> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        foreach (var job in jobs)
        {
            JobFiles.Validate(job);
            if (job.Onnx is null)
            {
                throw new ArgumentException(
                    $"Job {job.JobId} is not an ONNX job: the onnx backend runs only applications whose descriptor sets custom.vipagent:runtime to \"onnx\".", nameof(jobs));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var handles = new List<SubmittedJob>(jobs.Count);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var spec in jobs)
            {
                var backendId = "onnx-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
                var handle = new SubmittedJob(spec.JobId, backendId, spec.WorkingDirectory, spec.ExpectedOutputs);
                var job = new OnnxRunningJob(spec, handle, Status(spec.JobId, JobState.Queued, "QUEUED", null, null));
                _jobs[backendId] = job;
                _queue.Add((job, ModelKey(spec)));
                handles.Add(handle);
            }
        }

        StartBatches();
        return Task.FromResult<IReadOnlyList<SubmittedJob>>(handles);
    }

    public Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<JobStatus> statuses = [.. jobs.Select(handle => Find(handle) is { } job ? job.Status : FromExitCodeFile(handle))];
        return Task.FromResult(statuses);
    }

    /// <summary>The job's final status, as soon as it is final (no polling), for callers that hold the backend itself.</summary>
    public Task<JobStatus> WaitAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Find(job) is { } running ? running.Completion.WaitAsync(cancellationToken) : Task.FromResult(FromExitCodeFile(job));
    }

    /// <summary>A queued job is taken out of the queue (its batch runs without it); a running one is stopped, or, when it shares its inference, reported cancelled once that inference ends.</summary>
    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var known = jobs.Select(Find).OfType<OnnxRunningJob>().ToList();
        foreach (var job in known)
        {
            bool queued;
            lock (_gate)
            {
                queued = _queue.RemoveAll(q => q.Job == job) > 0;
            }

            if (queued)
            {
                job.Finish(Status(job.Spec.JobId, JobState.Cancelled, "CANCELLED", "cancelled before it started", null));
            }
            else
            {
                await job.Cancellation.CancelAsync();
            }
        }

        await Task.WhenAll(known.Select(j => j.Completion)).WaitAsync(cancellationToken);
    }

    public Task<CollectedOutputs> CollectOutputsAsync(SubmittedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _store.CollectAsync(
            job, JobFiles.StandardOutput(job.WorkingDirectory), JobFiles.StandardError(job.WorkingDirectory), cancellationToken);
    }

    /// <summary>Cancels what is still queued or running, waits for it, and releases the model sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        List<OnnxRunningJob> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _jobs.Values];
        }

        await CancelAsync([.. all.Select(j => j.Handle)], CancellationToken.None);
        Task[] batches;
        lock (_gate)
        {
            batches = [.. _batches];
        }

        await Task.WhenAll(batches);
        all.ForEach(j => j.Dispose());
        _models.Dispose();
    }

    /// <summary>Starts batches from the head of the queue while fewer than MaxConcurrency run.</summary>
    private void StartBatches()
    {
        lock (_gate)
        {
            while (_batches.Count < _options.MaxConcurrency && _queue.Count > 0 && !_disposed)
            {
                var (head, key) = _queue[0];
                _queue.RemoveAt(0);
                List<OnnxRunningJob> batch = [head];
                for (var i = 0; key is not null && i < _queue.Count && batch.Count < (_options.MaxBatch ?? OnnxBackendOptions.CudaBatch);)
                {
                    if (_queue[i].ModelKey == key)
                    {
                        batch.Add(_queue[i].Job);
                        _queue.RemoveAt(i);
                    }
                    else
                    {
                        i++;
                    }
                }

                Task task = null!;
                task = new Task(() => RunBatch(batch, task)); // reads task once started, after the assignment
                _batches.Add(task);
                task.Start(TaskScheduler.Default);
            }
        }
    }

    private void RunBatch(List<OnnxRunningJob> batch, Task self)
    {
        try
        {
            _execution.Run(batch);
        }
        finally
        {
            lock (_gate)
            {
                _batches.Remove(self);
            }

            StartBatches();
        }
    }

    private OnnxRunningJob? Find(SubmittedJob handle)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(handle.BackendJobId);
        }
    }

    /// <summary>Jobs with the same key use the same session; null when the model path is unusable (the job then fails alone).</summary>
    private static string? ModelKey(JobSpec spec)
    {
        try
        {
            return OnnxJobRunner.ModelPath(spec.Onnx!, spec.WorkingDirectory) + "|" + spec.Onnx!.ModelSha256;
        }
        catch (Exception e) when (e is PathEscapeException or ArgumentException or IOException)
        {
            return null;
        }
    }

    private JobStatus FromExitCodeFile(SubmittedJob handle) => JobFiles.ReadExitCode(handle.WorkingDirectory) switch
    {
        null => Status(handle.JobId, JobState.Stalled, "UNKNOWN", "this onnx backend did not run the job (the service restarted?) and it left no exit code", null),
        0 => Status(handle.JobId, JobState.Completed, "COMPLETED", "read from the exit-code file", 0),
        var code => Status(handle.JobId, JobState.Failed, "FAILED", "read from the exit-code file", code),
    };

    private JobStatus Status(string jobId, JobState state, string backendState, string? reason, int? exitCode) =>
        new(jobId, state, backendState, reason, exitCode, _time.GetUtcNow());
}
