namespace VipAgent.Testing.DiracX;

/// <summary>One job the contract server holds, with the JobDB columns a search can return.</summary>
public sealed class DiracXJob
{
    public required long JobId { get; init; }

    public required string Owner { get; init; }

    public required string OwnerGroup { get; init; }

    public required string Vo { get; init; }

    public required IReadOnlyDictionary<string, object> Jdl { get; init; }

    public required DateTimeOffset SubmissionTime { get; init; }

    public string Status { get; set; } = "Received";

    public string MinorStatus { get; set; } = "Job accepted";

    public string ApplicationStatus { get; set; } = "Unknown";

    public string Site { get; set; } = "ANY";

    public int RescheduleCounter { get; set; }

    public DateTimeOffset LastUpdateTime { get; set; }

    /// <summary>PFNs of the output sandbox once the job uploaded it.</summary>
    public List<string> OutputSandboxes { get; } = [];

    /// <summary>The local process running the job's executable, while it runs.</summary>
    internal Task<int>? Execution { get; set; }

    internal CancellationTokenSource? Kill { get; set; }

    /// <summary>How many progress ticks the job has left in its current state.</summary>
    internal int Wait { get; set; }

    public string JobName => Attribute("JobName") ?? "Unknown";

    public string JobGroup => Attribute("JobGroup") ?? "";

    public string? Attribute(string name) => Jdl.TryGetValue(name, out var v) ? ClassAd.Strings(v).FirstOrDefault() : null;

    /// <summary>The column of a search, by name (null for unknown names).</summary>
    public object? Column(string name) => name switch
    {
        "JobID" => JobId,
        "Status" => Status,
        "MinorStatus" => MinorStatus,
        "ApplicationStatus" => ApplicationStatus,
        "Site" => Site,
        "JobName" => JobName,
        "JobGroup" => JobGroup,
        "JobType" => Attribute("JobType") ?? "User",
        "Owner" => Owner,
        "OwnerGroup" => OwnerGroup,
        "VO" => Vo,
        "SubmissionTime" => SubmissionTime,
        "LastUpdateTime" => LastUpdateTime,
        "RescheduleCounter" => RescheduleCounter,
        "UserPriority" => long.TryParse(Attribute("Priority"), out var p) ? p : 1,
        _ => null,
    };

    /// <summary>The search columns DiracX knows.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "JobID", "Status", "MinorStatus", "ApplicationStatus", "Site", "JobName", "JobGroup", "JobType", "Owner",
        "OwnerGroup", "VO", "SubmissionTime", "LastUpdateTime", "RescheduleCounter", "UserPriority",
    ];
}

/// <summary>DIRAC's job state machine (<c>JobsStateMachine</c>), as in shared/contracts/diracx.md §2.</summary>
public static class DiracXStates
{
    private static readonly Dictionary<string, string[]> Next = new()
    {
        ["Submitting"] = ["Received", "Checking", "Deleted", "Killed"],
        ["Received"] = ["Scouting", "Checking", "Staging", "Waiting", "Failed", "Deleted", "Killed"],
        ["Checking"] = ["Scouting", "Staging", "Waiting", "Rescheduled", "Failed", "Deleted", "Killed"],
        ["Scouting"] = ["Checking", "Failed", "Stalled", "Killed"],
        ["Staging"] = ["Checking", "Waiting", "Failed", "Killed"],
        ["Waiting"] = ["Matched", "Rescheduled", "Deleted", "Killed"],
        ["Matched"] = ["Running", "Failed", "Rescheduled", "Killed"],
        ["Rescheduled"] = ["Waiting", "Received", "Deleted", "Failed", "Killed"],
        ["Running"] = ["Stalled", "Done", "Failed", "Rescheduled", "Completing", "Killed", "Received"],
        ["Stalled"] = ["Running", "Failed", "Killed"],
        ["Completing"] = ["Done", "Failed", "Completed", "Stalled", "Killed"],
        ["Completed"] = ["Done", "Failed"],
        ["Done"] = ["Deleted"],
        ["Failed"] = ["Rescheduled", "Deleted"],
        ["Killed"] = ["Deleted"],
        ["Deleted"] = [],
    };

    /// <summary>Every status DiracX knows.</summary>
    public static IEnumerable<string> All => Next.Keys;

    /// <summary>Whether DIRAC allows <paramref name="from"/> → <paramref name="to"/> (a Stalled job counts as Running).</summary>
    public static bool Allows(string from, string to) =>
        Next.TryGetValue(from, out var next) && (next.Contains(to) || (from == "Stalled" && Next["Running"].Contains(to)));
}
