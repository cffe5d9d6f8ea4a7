namespace VipAgent.Execution.Dirac;

/// <summary>DIRAC's job statuses mapped onto the common lifecycle; DIRAC's own words stay as detail.</summary>
public static class DiracStates
{
    /// <summary>The common state of a DIRAC status (an unknown status counts as stalled: nobody can tell).</summary>
    public static JobState ToJobState(string status) => status switch
    {
        "Submitting" or "Received" or "Checking" or "Scouting" or "Staging" or "Waiting" or "Matched" or "Rescheduled" => JobState.Queued,
        "Running" or "Completing" or "Completed" => JobState.Running,
        "Done" => JobState.Completed,
        "Failed" => JobState.Failed,
        "Killed" or "Deleted" => JobState.Cancelled,
        "Stalled" => JobState.Stalled,
        _ => JobState.Stalled,
    };

    /// <summary>Whether DIRAC will not move the job any more by itself.</summary>
    public static bool IsTerminal(string status) => status is "Done" or "Failed" or "Killed" or "Deleted";
}
