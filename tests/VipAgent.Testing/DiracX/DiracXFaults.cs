using System.Net;

namespace VipAgent.Testing.DiracX;

/// <summary>Faults a test asks the contract server to inject.</summary>
public sealed class DiracXFaults
{
    private int _failures;

    /// <summary>The status the next failures answer with.</summary>
    public HttpStatusCode FailureStatus { get; private set; } = HttpStatusCode.ServiceUnavailable;

    /// <summary>Only requests whose path starts with this fail (null: every request).</summary>
    public string? FailurePath { get; private set; }

    /// <summary>Whether a failing submission still creates its jobs before answering the error (a lost answer).</summary>
    public bool FailAfterProcessing { get; private set; }

    /// <summary>How long every answer waits first.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Jobs whose JobID is in here stall once running (the watchdog's "stalled").</summary>
    public bool StallRunningJobs { get; set; }

    /// <summary>A site where every job fails.</summary>
    public string? FailingSite { get; set; }

    /// <summary>Answers the next <paramref name="count"/> matching requests with <paramref name="status"/>.</summary>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable, string? path = null, bool afterProcessing = false)
    {
        FailureStatus = status;
        FailurePath = path;
        FailAfterProcessing = afterProcessing;
        Volatile.Write(ref _failures, count);
    }

    /// <summary>Whether this request must fail (and counts it).</summary>
    internal bool TakeFailure(string path)
    {
        if (FailurePath is { } prefix && !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        while (true)
        {
            var left = Volatile.Read(ref _failures);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _failures, left - 1, left) == left)
            {
                return true;
            }
        }
    }
}
