using System.Text.RegularExpressions;

namespace VipAgent.Planner.Binding;

/// <summary>
/// Finds the value-choices a goal writes: a choice of one or two characters as written (case counts); a longer one
/// when its words appear one after another in the goal, whatever the case and separators ("no contrast" writes
/// <c>no-contrast</c>; "C++" writes <c>cpp</c>). A choice whose words lie inside a longer written choice is dropped
/// (<c>contrast</c> inside "no contrast"). File names are never read as choices, nor, unless written exactly, the
/// words of the application's own name ("FreeSurfer-Recon-all" does not write <c>-all</c>; "-all" does). Choices written exactly as a token
/// come first, then those of more words.
/// </summary>
public static partial class ChoiceReader
{
    /// <summary>The choices of <paramref name="choices"/> the goal writes, in their declared order.</summary>
    public static IReadOnlyList<string> Written(GoalText goal, IReadOnlyCollection<string> files, IReadOnlySet<string> applicationWords, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var tokens = goal.Tokens.Where(t => !files.Contains(t)).ToList();
        var words = tokens.Where(t => !(Retrieval.Words.Whole(t) is { Count: > 0 } whole && whole.All(applicationWords.Contains))).SelectMany(WordsOf).ToList();
        var found = choices.Where(c => c.Length <= 2 ? tokens.Contains(c, StringComparer.Ordinal)
            : tokens.Contains(c, StringComparer.OrdinalIgnoreCase) || Contains(words, WordsOf(c))).ToList();
        return [.. found.Where(c => !found.Any(longer => longer != c && WordsOf(longer).Count > WordsOf(c).Count && Contains(WordsOf(longer), WordsOf(c))))
            .OrderByDescending(c => tokens.Contains(c, StringComparer.OrdinalIgnoreCase))
            .ThenByDescending(c => WordsOf(c).Count)];
    }

    private static List<string> WordsOf(string text) =>
        [.. Word().Matches(PlusPlus().Replace(text.ToLowerInvariant(), "pp")).Select(m => m.Value)];

    private static bool Contains(List<string> words, List<string> part)
    {
        if (part.Count == 0)
        {
            return false;
        }

        for (var start = 0; start + part.Count <= words.Count; start++)
        {
            if (part.Select((w, k) => words[start + k] == w).All(same => same))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("\\+\\+")]
    private static partial Regex PlusPlus();

    [GeneratedRegex("[\\p{L}\\p{N}]+")]
    private static partial Regex Word();
}
