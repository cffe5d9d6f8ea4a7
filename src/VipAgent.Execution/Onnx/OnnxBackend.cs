using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Onnx;

/// <summary>
/// Runs ONNX applications in this process (<see cref="JobSpec.Onnx"/>): one cached session per model on CUDA when
/// usable, else the CPU, at most <see cref="OnnxBackendOptions.MaxConcurrency"/> jobs at once. Like every backend it
/// leaves <c>.vip/stdout.log</c>, <c>.vip/stderr.log</c> and <c>.vip/exit-code</c> in the job's folder, plus
/// <c>.vip/onnx.json</c> (device, model SHA-256, phase times); the device and times are also the final status's reason.
/// </summary>
public sealed class OnnxBackend : IExecutionBackend, IAsyncDisposable
{
    /// <summary>The name users give the backend.</summary>
    public const string BackendName = "onnx";

    private readonly ConcurrentDictionary<string, OnnxRunningJob> _jobs = new();
    private readonly OnnxBackendOptions _options;
    private readonly ContentStore _store;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;
    private readonly OnnxModelCache _models;
    private long _sequence;

    public OnnxBackend(OnnxBackendOptions options, ContentStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        _options = options;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _models = new OnnxModelCache(options);
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
        foreach (var spec in jobs)
        {
            var backendId = "onnx-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
            var handle = new SubmittedJob(spec.JobId, backendId, spec.WorkingDirectory, spec.ExpectedOutputs);
            var job = new OnnxRunningJob(spec, handle, Status(spec.JobId, JobState.Queued, "QUEUED", null, null));
            _jobs[backendId] = job;
            job.Completion = Task.Run(() => RunAsync(job), CancellationToken.None);
            handles.Add(handle);
        }

        return Task.FromResult<IReadOnlyList<SubmittedJob>>(handles);
    }

    public Task<IReadOnlyList<JobStatus>> PollAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<JobStatus> statuses = [.. jobs.Select(handle => _jobs.TryGetValue(handle.BackendJobId, out var job) ? job.Status : FromExitCodeFile(handle))];
        return Task.FromResult(statuses);
    }

    public async Task CancelAsync(IReadOnlyList<SubmittedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var running = jobs.Select(h => _jobs.GetValueOrDefault(h.BackendJobId)).OfType<OnnxRunningJob>().ToList();
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

    /// <summary>Cancels what is still queued or running, waits for it, and releases the model sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        await CancelAsync([.. _jobs.Values.Select(j => j.Handle)], CancellationToken.None);
        foreach (var job in _jobs.Values)
        {
            job.Dispose();
        }

        _models.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(OnnxRunningJob job)
    {
        var spec = job.Spec;
        var folder = spec.WorkingDirectory;
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
            Directory.CreateDirectory(Path.Combine(folder, JobFiles.Folder));
            File.Delete(JobFiles.ExitCode(folder));
            File.WriteAllText(JobFiles.StandardOutput(folder), "");
            File.WriteAllText(JobFiles.StandardError(folder), "");
            job.Status = Status(spec.JobId, JobState.Running, "RUNNING", "in process", null);
            var report = await Task.Run(() => OnnxJobRunner.Run(spec.Onnx!, folder, _models, _options, job.Cancellation.Token), job.Cancellation.Token);
            File.WriteAllText(JobFiles.StandardOutput(folder), $"onnx: {report}\n");
            WriteReport(folder, spec.Onnx!, report);
            File.WriteAllText(JobFiles.ExitCode(folder), "0\n");
            job.Status = Status(spec.JobId, JobState.Completed, "COMPLETED", report.ToString(), 0);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            job.Status = Status(spec.JobId, JobState.Cancelled, "CANCELLED", "cancelled on request; inference was stopped", null);
        }
#pragma warning disable CA1031 // whatever stops a job is recorded as its failure reason, never thrown into the poller
        catch (Exception e)
#pragma warning restore CA1031
        {
            var reason = e is OnnxJobException or IOException or UnauthorizedAccessException or PathEscapeException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            TryWriteFailure(folder, reason);
            job.Status = Status(spec.JobId, JobState.Failed, "FAILED", reason, 1);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static void WriteReport(string folder, OnnxJob onnx, OnnxRunReport report)
    {
        var json = JsonSerializer.Serialize(new
        {
            device = report.Device,
            sessionCached = report.CachedSession,
            modelSha256 = onnx.ModelSha256,
            volume = report.Grid.ToString(),
            loadMs = report.Load.TotalMilliseconds,
            preprocessMs = report.Preprocess.TotalMilliseconds,
            inferenceMs = report.Inference.TotalMilliseconds,
            postprocessMs = report.Postprocess.TotalMilliseconds,
        });
        File.WriteAllText(Path.Combine(folder, JobFiles.Folder, "onnx.json"), json + "\n");
    }

    private static void TryWriteFailure(string folder, string reason)
    {
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, JobFiles.Folder));
            File.AppendAllText(JobFiles.StandardError(folder), reason + "\n");
            File.WriteAllText(JobFiles.ExitCode(folder), "1\n");
        }
        catch (IOException)
        {
            // the status still carries the reason
        }
        catch (UnauthorizedAccessException)
        {
            // the status still carries the reason
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
