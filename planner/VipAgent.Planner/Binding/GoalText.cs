using System.Text.RegularExpressions;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Binding;

/// <summary>A goal cut into tokens as written (surrounding punctuation removed, inner dots, dashes and underscores kept).</summary>
public sealed partial class GoalText
{
    /// <summary>Reads <paramref name="goal"/>.</summary>
    public GoalText(string goal)
    {
        Text = goal;
        Tokens = goal.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(Trim)
            .Where(t => t.Length > 0)
            .ToList();
        Numbers = NumberReader.Read(Tokens);
    }

    /// <summary>The goal as written.</summary>
    public string Text { get; }

    /// <summary>The tokens in order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Every number the goal writes, with the position of its first token.</summary>
    public IReadOnlyList<GoalNumber> Numbers { get; }

    /// <summary>
    /// How strongly the words around position <paramref name="index"/> (three before, two after, those after counting less; file names and values are skipped) speak of an input
    /// described by <paramref name="terms"/>: the best weighted word similarity, less 0.1 per word of distance.
    /// </summary>
    public double ContextScore(int index, int width, InputTerms terms) => ContextScore(index, width, terms, null);

    /// <summary>
    /// As <see cref="ContextScore(int, int, InputTerms)"/>, skipping the words that name the application itself
    /// (<paramref name="applicationWords"/>): "WhiteMatterLesionSeg on 50 scans" says nothing of a lesion-size input.
    /// </summary>
    public double ContextScore(int index, int width, InputTerms terms, IReadOnlySet<string>? applicationWords)
    {
        var best = 0.0;
        for (var i = Math.Max(0, index - 3); i <= Math.Min(Tokens.Count - 1, index + width + 1); i++)
        {
            if (i >= index && i < index + width)
            {
                continue;
            }

            if (i != index && (Tokens[i].Contains('.', StringComparison.Ordinal) || Tokens[i].Contains('_', StringComparison.Ordinal)))
            {
                continue; // a file name or a value next to this one speaks of its own input, not of this one
            }

            if (applicationWords is not null && Words.Whole(Tokens[i]) is { Count: > 0 } whole && whole.All(applicationWords.Contains))
            {
                continue;
            }

            var distance = i < index ? index - i : i - index - width + 1;
            var after = i > index ? 0.85 : 1;
            foreach (var word in Words.Terms(Tokens[i]))
            {
                best = Math.Max(best, terms.Match(word) * after * (1 - (0.1 * (distance - 1))));
            }
        }

        return best;
    }

    private static string Trim(string token)
    {
        string before;
        do
        {
            before = token;
            token = Edges().Replace(token, "");
        }
        while (token != before);
        return token;
    }

    [GeneratedRegex("^[\\s\"'`(\\[{]+|[\\s\"'`)\\]},;:!?]+$|(?<=[^.])\\.+$")]
    private static partial Regex Edges();
}
