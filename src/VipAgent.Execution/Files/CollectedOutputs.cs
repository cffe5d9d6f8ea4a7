namespace VipAgent.Execution.Files;

/// <summary>One output file of a job, stored in the content store.</summary>
/// <param name="RelativePath">Its path relative to the job's working folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its content: its key in the store.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record CollectedOutput(string RelativePath, string Sha256, long Size);

/// <summary>What a finished job left: its outputs (files of output folders listed one by one) and the missing ones.</summary>
/// <param name="JobId">The caller's job id.</param>
/// <param name="Files">Every output file found, hashed and stored.</param>
/// <param name="Missing">Expected outputs that do not exist.</param>
/// <param name="StandardOutputPath">The file holding the job's standard output.</param>
/// <param name="StandardErrorPath">The file holding the job's standard error.</param>
public sealed record CollectedOutputs(
    string JobId,
    IReadOnlyList<CollectedOutput> Files,
    IReadOnlyList<string> Missing,
    string StandardOutputPath,
    string StandardErrorPath);
