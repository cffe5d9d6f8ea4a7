namespace VipAgent.Evals.Cli;

/// <summary>
/// Finds the shared folder holding <c>descriptors/</c> and <c>evals/</c>: the one given, else
/// <c>VIPAGENT_SHARED</c>, else <c>../shared</c> beside the repository (the folder with VipAgent.sln above the
/// working directory or the program).
/// </summary>
public static class SharedFolder
{
    /// <summary>The folder, or null when there is none.</summary>
    public static string? Locate(string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : null;
        }

        var configured = Environment.GetEnvironmentVariable("VIPAGENT_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        return new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory }
            .Select(RepositoryRoot).OfType<string>()
            .Select(root => Path.GetFullPath(Path.Combine(root, "..", "shared")))
            .FirstOrDefault(Directory.Exists);
    }

    private static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VipAgent.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
