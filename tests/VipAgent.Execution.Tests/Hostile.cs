namespace VipAgent.Execution.Tests;

/// <summary>Values a user could type that a shell would happily run, if it ever saw them unquoted.</summary>
public static class Hostile
{
    /// <summary>Shell metacharacters of every kind in one value; running any part of it creates a file named <c>pwned…</c>.</summary>
    public const string Value = "x; rm -rf ./victim; touch pwned1 $(touch pwned2) `touch pwned3` | touch pwned4 & 'q' \"dq\" \\ *\nsecond line; touch pwned5";

    /// <summary>Files that exist only if some part of <see cref="Value"/> ran as shell code.</summary>
    public static IEnumerable<string> Traces(string folder) =>
        Directory.EnumerateFiles(folder, "pwned*", SearchOption.AllDirectories);
}
