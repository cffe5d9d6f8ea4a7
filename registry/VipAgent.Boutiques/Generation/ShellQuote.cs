namespace VipAgent.Boutiques.Generation;

/// <summary>Python's <c>shlex.quote</c>, byte for byte: safe words unchanged, anything else single-quoted.</summary>
public static class ShellQuote
{
    public static string Quote(string value)
    {
        if (value.Length == 0)
        {
            return "''";
        }

        return IsSafe(value) ? value : "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    /// <summary>True when the word has only <c>[A-Za-z0-9_@%+=:,./-]</c> (Python's <c>\w</c> in ASCII mode includes <c>_</c>).</summary>
    public static bool IsSafe(string value)
    {
        foreach (var c in value)
        {
            if (!IsSafe(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsSafe(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';
}
