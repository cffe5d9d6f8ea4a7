using System.Text.Json;

namespace VipAgent.Execution.Local;

/// <summary>
/// What the local backend needs to start a job, written to <c>.vip/launch.json</c> at submission so that a
/// backend in another process (the service restarted) can still start, watch or kill it.
/// </summary>
/// <param name="Argv">The full argv, container wrapping included.</param>
/// <param name="Environment">Variables added to the job's environment.</param>
/// <param name="WallTimeSeconds">The wall-time limit, or null for none.</param>
internal sealed record LaunchRecord(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment, double? WallTimeSeconds)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string PathIn(string workingDirectory) => Path.Combine(workingDirectory, JobFiles.Folder, "launch.json");

    public TimeSpan? WallTime => WallTimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public void Write(string workingDirectory) =>
        AtomicFile.Write(PathIn(workingDirectory), JsonSerializer.Serialize(this, Json));

    public static LaunchRecord? Read(string workingDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<LaunchRecord>(File.ReadAllText(PathIn(workingDirectory)), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
