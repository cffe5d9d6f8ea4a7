namespace VipAgent.Execution.Local;

/// <summary>Finds the file a program name runs, as <c>execvp</c> would, so a missing program fails before anything starts.</summary>
internal static class ProgramPath
{
    public static string? Find(string program, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var file = Path.Combine(workingDirectory, program);
            return IsExecutable(file) ? file : null;
        }

        var path = environment.TryGetValue("PATH", out var own) ? own : Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
