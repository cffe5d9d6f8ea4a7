namespace VipAgent.Execution;

/// <summary>POSIX shell quoting: a value in single quotes is read back literally, whatever it holds.</summary>
public static class ShellQuote
{
    /// <summary><paramref name="value"/> as one single-quoted shell word (<c>'</c> written as <c>'\''</c>).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A shell word cannot hold a NUL character.", nameof(value));
        }

        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Each value quoted, joined by spaces: a command line that runs exactly this argv.</summary>
    public static string Join(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));
}
