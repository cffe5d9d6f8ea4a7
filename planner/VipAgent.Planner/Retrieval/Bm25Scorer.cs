using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Okapi BM25 (k1 = 1.2, b = 0.75) over the stems of each application's name (counted three times), version,
/// description, tags and input ids, names and descriptions; the goal's stems count 1, those its phrases are
/// equivalent to in the <see cref="Thesaurus"/> count <see cref="ExpansionWeight"/>. An inverted index (term → applications holding it, with counts) is
/// built once, so a goal only touches the applications that share a term with it.
/// </summary>
public sealed class Bm25Scorer : IApplicationScorer
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly Dictionary<string, List<(int Document, int Frequency)>> _postings = [];
    private readonly double[] _lengthNorm;
    private readonly Thesaurus _thesaurus;

    /// <summary>The weight of a term the thesaurus adds, against 1 for a term the goal writes.</summary>
    public const double ExpansionWeight = 0.5;

    /// <summary>Builds the index over <paramref name="applications"/>, with the planner's <see cref="Thesaurus.Default"/>.</summary>
    public Bm25Scorer(IReadOnlyList<CatalogApplication> applications)
        : this(applications, Thesaurus.Default)
    {
    }

    /// <summary>Builds the index over <paramref name="applications"/>; goals are expanded with <paramref name="thesaurus"/>.</summary>
    public Bm25Scorer(IReadOnlyList<CatalogApplication> applications, Thesaurus thesaurus)
    {
        _thesaurus = thesaurus ?? throw new ArgumentNullException(nameof(thesaurus));
        ArgumentNullException.ThrowIfNull(applications);
        var lengths = new int[applications.Count];
        for (var d = 0; d < applications.Count; d++)
        {
            var document = Document(applications[d]);
            foreach (var (term, frequency) in document)
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    _postings[term] = list = [];
                }

                list.Add((d, frequency));
                lengths[d] += frequency;
            }
        }

        var average = lengths.Length == 0 ? 1 : Math.Max(1, lengths.Average());
        _lengthNorm = [.. lengths.Select(length => K1 * (1 - B + (B * length / average)))];
    }

    /// <inheritdoc />
    public IReadOnlyList<double> Score(string goal)
    {
        var scores = new double[_lengthNorm.Length];
        var total = scores.Length;
        var stems = Words.Stems(goal);
        var query = stems.Distinct().Select(s => (Term: s, Weight: 1.0))
            .Concat(_thesaurus.Expand(Words.StemSequence(goal)).Where(s => !stems.Contains(s)).Select(s => (Term: s, Weight: ExpansionWeight)));
        foreach (var (term, weight) in query)
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var df = postings.Count;
            var idf = Math.Log(1 + ((total - df + 0.5) / (df + 0.5)));
            foreach (var (document, frequency) in postings)
            {
                scores[document] += weight * idf * frequency * (K1 + 1) / (frequency + _lengthNorm[document]);
            }
        }

        return scores;
    }

    private static Dictionary<string, int> Document(CatalogApplication application)
    {
        var text = string.Join(' ', [
            application.Name, application.Name, application.Name, application.Version, application.Description,
            .. application.Tags, .. application.Inputs.SelectMany(i => new[] { i.Id, i.Name, i.Description })]);
        return Words.Stems(text).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
    }
}
