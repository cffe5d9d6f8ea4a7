namespace VipAgent.Execution.Onnx;

/// <summary>One job known to the onnx backend: its spec, its latest status, the means to cancel it, and its end.</summary>
internal sealed class OnnxRunningJob(JobSpec spec, SubmittedJob handle, JobStatus initial) : IDisposable
{
    private readonly TaskCompletionSource<JobStatus> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private JobStatus _status = initial;

    public JobSpec Spec { get; } = spec;

    public SubmittedJob Handle { get; } = handle;

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Completes with the final status.</summary>
    public Task<JobStatus> Completion => _finished.Task;

    public JobStatus Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    /// <summary>Sets the final status (the first one given wins) and completes <see cref="Completion"/>.</summary>
    public void Finish(JobStatus status)
    {
        lock (_gate)
        {
            if (!_finished.Task.IsCompleted)
            {
                Status = status;
                _finished.SetResult(status);
            }
        }
    }

    public void Dispose() => Cancellation.Dispose();
}
