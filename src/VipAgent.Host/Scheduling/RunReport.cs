using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// Where the scheduler says what it did: structured log events always (execution id, job id, state), and, for a
/// command that runs an execution itself, one readable line per change on stderr.
/// </summary>
internal sealed partial class RunReport(ILogger logger, TextWriter? console)
{
    public void JobChanged(Guid executionId, string jobId, JobState to, string detail)
    {
        LogJobChanged(logger, executionId, jobId, to, detail);
        console?.WriteLine($"{jobId}: {to.ToString().ToLowerInvariant()} ({detail})");
    }

    public void Note(Guid executionId, string message)
    {
        LogNote(logger, executionId, message);
        console?.WriteLine(message);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Execution {ExecutionId} job {JobId} is now {State} ({Detail})")]
    private static partial void LogJobChanged(ILogger logger, Guid executionId, string jobId, JobState state, string detail);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Execution {ExecutionId}: {Message}")]
    private static partial void LogNote(ILogger logger, Guid executionId, string message);
}
