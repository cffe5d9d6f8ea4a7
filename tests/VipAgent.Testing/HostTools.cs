using Xunit;

namespace VipAgent.Testing;

/// <summary>
/// Programs from Debian packages that bundled applications run on the host. Tests call <see cref="Require"/>,
/// which skips them with the package to install when a program is not on PATH (tests/setup.sh installs them as root).
/// </summary>
public static class HostTools
{
    /// <summary>Skips the test unless every program is on PATH; <paramref name="package"/> is the apt package providing them.</summary>
    public static void Require(string package, params string[] programs)
    {
        var missing = programs.Where(p => Find(p) is null).ToList();
        Assert.SkipWhen(missing.Count > 0,
            $"{string.Join(", ", missing)} not installed (apt-get install --no-install-recommends {package}, or run tests/setup.sh as root)");
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, program))
        .FirstOrDefault(File.Exists);
}
