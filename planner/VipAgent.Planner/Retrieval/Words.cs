using System.Text.RegularExpressions;

namespace VipAgent.Planner.Retrieval;

/// <summary>Splits text into lower-case words: on anything not a letter or digit, and on camelCase boundaries and around a joining word after an acronym.</summary>
public static partial class Words
{
    private static readonly HashSet<string> StopWords =
    [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "is", "are", "be",
        "it", "its", "this", "that", "these", "those", "my", "our", "we", "i", "me", "you", "your", "please", "run",
        "as", "so", "but", "not", "no", "all", "each", "one", "file", "files", "can", "should", "would", "will",
        "use", "using", "into", "then", "also", "only", "have", "has", "do", "if", "than", "them", "they", "their",
    ];

    /// <summary>Every word, stop words included.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        WordPattern().Matches(CamelBoundary().Replace(AcronymJoint().Replace(text, "$1 $2 "), "$1 $2"))
            .Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>True for the words that carry no meaning of their own (articles, prepositions, "run", "file"...).</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>The words in order, stop words left out, each reduced to its stem: what thesaurus phrases are matched against.</summary>
    public static IReadOnlyList<string> StemSequence(string text) =>
        Split(text).Where(w => !StopWords.Contains(w)).Select(Stemmer.Stem).ToList();

    /// <summary>The meaning-carrying words reduced to their stems (<see cref="Stemmer"/>): what retrieval compares.</summary>
    public static IReadOnlyList<string> Stems(string text) => Terms(text).Select(Stemmer.Stem).ToList();

    /// <summary>The words without camelCase splitting ("fMRIPrep" stays "fmriprep").</summary>
    public static IReadOnlyList<string> Whole(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>The words that carry meaning (stop words removed).</summary>
    public static IReadOnlyList<string> Terms(string text) =>
        Split(text).Concat(Whole(text).Where(w => w.Length > 3)).Where(w => !StopWords.Contains(w)).ToList();

    /// <summary>How alike two words are: 1 when equal, 0.7 when one starts the other or they share a prefix of 4 letters.</summary>
    public static double Similarity(string a, string b)
    {
        if (a == b)
        {
            return 1;
        }

        var shorter = Math.Min(a.Length, b.Length);
        if (shorter >= 2 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal)))
        {
            return 0.7;
        }

        var common = 0;
        while (common < shorter && a[common] == b[common])
        {
            common++;
        }

        return common >= 4 ? 0.6 : 0;
    }

    [GeneratedRegex("[\\p{L}\\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("(\\p{Ll})(\\p{Lu})")]
    private static partial Regex CamelBoundary();

    // A joining word between an acronym and a capitalised word: "CQUESTwithBruker" -> "CQUEST with Bruker".
    [GeneratedRegex("(\\p{Lu}{2,})(with|to|and|for|of)(?=\\p{Lu})")]
    private static partial Regex AcronymJoint();
}
