namespace VipAgent.Boutiques.Iteration;

/// <summary>Shell-style name patterns: <c>*</c> any run of characters, <c>?</c> one character.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string name) => Match(pattern.AsSpan(), name.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        if (pattern.IsEmpty)
        {
            return name.IsEmpty;
        }

        if (pattern[0] == '*')
        {
            for (var skip = 0; skip <= name.Length; skip++)
            {
                if (Match(pattern[1..], name[skip..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !name.IsEmpty && (pattern[0] == '?' || pattern[0] == name[0]) && Match(pattern[1..], name[1..]);
    }
}
