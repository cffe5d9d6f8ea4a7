namespace VipAgent.Execution;

/// <summary>The one lifecycle every backend's states map onto.</summary>
public enum JobState
{
    /// <summary>Accepted, waiting for resources.</summary>
    Queued,

    /// <summary>Started and not finished.</summary>
    Running,

    /// <summary>Finished with exit code 0.</summary>
    Completed,

    /// <summary>Finished otherwise: non-zero exit, wall time exceeded, node or memory failure, preemption.</summary>
    Failed,

    /// <summary>Stopped on request.</summary>
    Cancelled,

    /// <summary>The backend no longer knows the job and it left no result: nobody can tell what happened.</summary>
    Stalled,
}
