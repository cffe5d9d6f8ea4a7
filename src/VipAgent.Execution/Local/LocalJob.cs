namespace VipAgent.Execution.Local;

/// <summary>One job this local backend started or will start: its handle, its latest status and the means to cancel it.</summary>
internal sealed class LocalJob(SubmittedJob handle, JobStatus initial) : IDisposable
{
    private JobStatus _status = initial;

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
