using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Okapi BM25 (k1 = 1.2, b = 0.75) over each application's name (counted three times), version, description,
/// tags and input ids, names and descriptions. An inverted index (term → applications holding it, with counts) is
/// built once, so a goal only touches the applications that share a term with it.
/// </summary>
public sealed class Bm25Scorer : IApplicationScorer
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly Dictionary<string, List<(int Document, int Frequency)>> _postings = [];
    private readonly double[] _lengthNorm;

    /// <summary>Builds the index over <paramref name="applications"/>.</summary>
    public Bm25Scorer(IReadOnlyList<CatalogApplication> applications)
    {
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
        foreach (var term in Words.Terms(goal).Distinct())
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var df = postings.Count;
            var idf = Math.Log(1 + ((total - df + 0.5) / (df + 0.5)));
            foreach (var (document, frequency) in postings)
            {
                scores[document] += idf * frequency * (K1 + 1) / (frequency + _lengthNorm[document]);
            }
        }

        return scores;
    }

    private static Dictionary<string, int> Document(CatalogApplication application)
    {
        var text = string.Join(' ', [
            application.Name, application.Name, application.Name, application.Version, application.Description,
            .. application.Tags, .. application.Inputs.SelectMany(i => new[] { i.Id, i.Name, i.Description })]);
        return Words.Terms(text).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
    }
}
