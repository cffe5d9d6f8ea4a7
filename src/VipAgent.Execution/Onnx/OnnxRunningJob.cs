namespace VipAgent.Execution.Onnx;

/// <summary>One job known to the onnx backend: its spec, its latest status and the means to cancel it.</summary>
internal sealed class OnnxRunningJob(JobSpec spec, SubmittedJob handle, JobStatus initial) : IDisposable
{
    private JobStatus _status = initial;

    public JobSpec Spec { get; } = spec;

    public SubmittedJob Handle { get; } = handle;

    public CancellationTokenSource Cancellation { get; } = new();

    public Task Completion { get; set; } = Task.CompletedTask;

    public JobStatus Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    public void Dispose() => Cancellation.Dispose();
}
