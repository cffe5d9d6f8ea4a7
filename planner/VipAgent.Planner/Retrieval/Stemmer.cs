namespace VipAgent.Planner.Retrieval;

/// <summary>
/// A light English suffix stripper, so that the forms of one word meet: "merge", "merges", "merger" and "merging"
/// all give <c>merg</c>; "simulate", "simulated" and "simulation" give <c>simul</c>; "segmentation" gives
/// <c>segment</c>. Words of three letters or fewer, and words holding a digit, are left as they are.
/// </summary>
public static class Stemmer
{
    // Longest first: the first suffix that leaves a long enough stem is removed.
    private static readonly string[] Suffixes =
    [
        "ations", "ation", "ings", "ing", "ions", "ion", "ers", "ate", "ies", "ied", "er", "es", "ed", "ly", "s",
    ];

    /// <summary>The stem of a lower-case <paramref name="word"/>.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || word.Any(char.IsDigit))
        {
            return word;
        }

        var stripped = "";
        foreach (var suffix in Suffixes)
        {
            var shortest = suffix == "s" ? 3 : 4;
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= shortest && !(suffix == "s" && KeepsFinalS(word)))
            {
                word = suffix is "ies" or "ied" ? word[..^suffix.Length] + "y" : word[..^suffix.Length];
                stripped = suffix;
                break;
            }
        }

        if (stripped is "ing" or "ed" or "er" or "ers" or "ings" && word.Length >= 4 && word[^1] == word[^2] && word[^1] is not ('l' or 's' or 'z'))
        {
            return word[..^1]; // "stripp(ing)" meets "strip"
        }

        if (stripped is not ("" or "s") && word.Length >= 6 && word.EndsWith("at", StringComparison.Ordinal))
        {
            return word[..^2]; // "simulat(ed)" meets "simul(ation)"
        }

        return word.Length > 4 && word[^1] == 'e' ? word[..^1] : word;
    }

    private static bool KeepsFinalS(string word) =>
        word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal);
}
