namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Groups of medical-imaging phrases that mean the same thing (<c>Retrieval/thesaurus.txt</c>, embedded): a goal
/// that writes one phrase of a group is also searched for the other phrases' stems. Phrases are compared as
/// sequences of stems (<see cref="Words.StemSequence"/>), so "skull-stripping" meets "skull strip".
/// </summary>
public sealed class Thesaurus
{
    private readonly List<List<string[]>> _groups;

    /// <summary>A thesaurus of <paramref name="groups"/>, each a list of equivalent phrases.</summary>
    public Thesaurus(IEnumerable<IEnumerable<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups.Select(g => g.Select(p => Words.StemSequence(p).ToArray()).Where(p => p.Length > 0).ToList()).Where(g => g.Count > 1)];
    }

    /// <summary>The medical-imaging thesaurus shipped with the planner.</summary>
    public static Thesaurus Default { get; } = Read();

    /// <summary>
    /// The stems the goal's <paramref name="stems"/> do not hold but that a phrase they write is equivalent to,
    /// each once, in a fixed order.
    /// </summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> stems)
    {
        ArgumentNullException.ThrowIfNull(stems);
        var present = stems.ToHashSet();
        var added = new List<string>();
        foreach (var group in _groups.Where(g => g.Any(phrase => Writes(stems, phrase))))
        {
            foreach (var stem in group.SelectMany(p => p).Where(s => !present.Contains(s)))
            {
                present.Add(stem);
                added.Add(stem);
            }
        }

        return added;
    }

    private static bool Writes(IReadOnlyList<string> stems, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= stems.Count; start++)
        {
            var k = 0;
            while (k < phrase.Length && stems[start + k] == phrase[k])
            {
                k++;
            }

            if (k == phrase.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static Thesaurus Read()
    {
        using var stream = typeof(Thesaurus).Assembly.GetManifestResourceStream("VipAgent.Planner.Retrieval.thesaurus.txt")
            ?? throw new InvalidOperationException("The planner's thesaurus.txt is not embedded in its assembly.");
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
        return new Thesaurus(lines.Select(l => l.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
    }
}
