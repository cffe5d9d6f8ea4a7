using System.Globalization;
using VipAgent.Execution;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// <c>.vip/submitted</c> in a job's folder: the backend id and attempt of its latest submission, written as soon as
/// the backend accepted it and before the registry records it. A process that died between the two leaves the
/// marker, and the next one records that submission instead of submitting the job a second time.
/// </summary>
internal static class SubmissionMarker
{
    public static void Write(string jobFolder, int attempt, string backendJobId)
    {
        var path = PathIn(jobFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", string.Create(CultureInfo.InvariantCulture, $"{attempt} {backendJobId}\n"));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The backend id of <paramref name="attempt"/> when that attempt was submitted; otherwise null.</summary>
    public static string? Find(string jobFolder, int attempt)
    {
        try
        {
            var parts = File.ReadAllText(PathIn(jobFolder)).Trim().Split(' ', 2);
            return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var recorded) && recorded == attempt ? parts[1] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string PathIn(string jobFolder) => Path.Combine(jobFolder, JobFiles.Folder, "submitted");
}
