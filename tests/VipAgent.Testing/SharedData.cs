using Xunit;

namespace VipAgent.Testing;

/// <summary>
/// The ../shared folder beside the checkout (CI has it; a user's own clone may not).
/// Tests that need it call <see cref="Require"/>, which skips them with a visible reason when it is absent.
/// </summary>
public static class SharedData
{
    // Initialised before Root, which needs it (static initialisers run in declaration order).
    /// <summary>The repository root: the folder holding VipAgent.sln above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string? Root { get; } = Locate();

    public static string Require(params string[] relative)
    {
        var root = Root;
        Assert.SkipWhen(root is null, "../shared is absent (set VIPAGENT_SHARED to its path to run this test)");
        return Path.Combine([root!, .. relative]);
    }

    private static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable("VIPAGENT_SHARED");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VipAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VipAgent.sln not found above " + AppContext.BaseDirectory);
    }
}
