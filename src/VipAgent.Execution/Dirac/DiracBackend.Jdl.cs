namespace VipAgent.Execution.Dirac;

/// <summary>The JDL attributes every job of this backend carries.</summary>
public sealed partial class DiracBackend
{
    private Jdl Common(Jdl jdl, int cpuTime, string token) => jdl
        .Set("Executable", DiracJobScript.Name)
        .Set("JobGroup", token)
        .Set("StdOutput", "vip-wrapper.out")
        .Set("StdError", "vip-wrapper.err")
        .Set("OutputSandbox", DiracJobScript.OutputSandbox)
        .Set("CPUTime", cpuTime)
        .Set("Priority", _options.Priority)
        .Set("JobType", "User")
        .Set("Site", _options.Sites)
        .Set("BannedSite", _options.BannedSites.Union(Bans.Active(), StringComparer.Ordinal).ToList())
        .Set("Tags", _options.Tags);

    private int CpuTime(JobSpec job)
    {
        if (job.WallTime is not { } limit)
        {
            return _options.CpuTimeSeconds;
        }

        var seconds = Math.Ceiling(limit.TotalSeconds);
        if (seconds > 500000)
        {
            throw new ArgumentException($"Job {job.JobId}: a wall time of {limit} is over DIRAC's 500,000 s CPU time limit.");
        }

        return (int)Math.Max(seconds, 100);
    }
}
