namespace VipAgent.Execution;

/// <summary>
/// A job a backend accepted: everything needed to poll, cancel and collect it later, even from another
/// process after a restart (store it with the job's submission).
/// </summary>
/// <param name="JobId">The caller's job id.</param>
/// <param name="BackendJobId">The backend's id (a Slurm id such as <c>123_4</c>, a local sequence number).</param>
/// <param name="WorkingDirectory">The job's folder, where its logs, exit code and outputs are.</param>
/// <param name="ExpectedOutputs">Output paths relative to the working folder.</param>
public sealed record SubmittedJob(
    string JobId, string BackendJobId, string WorkingDirectory, IReadOnlyList<string> ExpectedOutputs);
