using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Okapi BM25 (k1 = 1.2, b = 0.75) over each application's name (counted three times), version, description,
/// tags and input ids, names and descriptions.
/// </summary>
public sealed class Bm25Scorer : IApplicationScorer
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly List<Dictionary<string, int>> _documents;
    private readonly Dictionary<string, int> _documentFrequency = [];
    private readonly double _averageLength;

    /// <summary>Builds the index over <paramref name="applications"/>.</summary>
    public Bm25Scorer(IReadOnlyList<CatalogApplication> applications)
    {
        _documents = applications.Select(Document).ToList();
        foreach (var term in _documents.SelectMany(d => d.Keys))
        {
            _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
        }

        _averageLength = _documents.Count == 0 ? 1 : _documents.Average(d => d.Values.Sum());
    }

    /// <inheritdoc />
    public IReadOnlyList<double> Score(string goal)
    {
        var query = Words.Terms(goal).Distinct().ToList();
        var total = _documents.Count;
        return _documents.Select(document =>
        {
            var length = document.Values.Sum();
            var score = 0.0;
            foreach (var term in query)
            {
                if (!document.TryGetValue(term, out var frequency))
                {
                    continue;
                }

                var df = _documentFrequency[term];
                var idf = Math.Log(1 + ((total - df + 0.5) / (df + 0.5)));
                score += idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / _averageLength))));
            }

            return score;
        }).ToList();
    }

    private static Dictionary<string, int> Document(CatalogApplication application)
    {
        var text = string.Join(' ', [
            application.Name, application.Name, application.Name, application.Version, application.Description,
            .. application.Tags, .. application.Inputs.SelectMany(i => new[] { i.Id, i.Name, i.Description })]);
        return Words.Terms(text).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
    }
}
