using VipAgent.Planner.Catalog;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Binding;

/// <summary>The words that name an input (id, name and flag count fully; its description counts 0.4).</summary>
public sealed class InputTerms
{
    private static readonly Dictionary<string, string> Synonyms = new()
    {
        ["ways"] = "jobs",
        ["split"] = "jobs",
        ["job"] = "jobs",
        ["folder"] = "dir",
        ["directory"] = "dir",
        ["subject"] = "subjid",
        ["macro"] = "macfile",
        ["called"] = "name",
        ["named"] = "name",
    };

    private static readonly HashSet<string> Weak = ["file", "flag", "input", "name", "value", "type", "number", "option", "path", "image", "the"];
    private readonly Dictionary<string, double> _weights = [];

    /// <summary>Collects the words of <paramref name="input"/>.</summary>
    public InputTerms(CatalogInput input)
    {
        Add(input.Description, 0.4);
        Add(input.Id, 1);
        Add(input.Name, 1);
        Add(input.CommandLineFlag ?? "", 1);
    }

    /// <summary>How well one word of a goal speaks of this input (0 to 1).</summary>
    public double Match(string word)
    {
        var best = 0.0;
        foreach (var candidate in new[] { word, Synonyms.GetValueOrDefault(word) ?? word }.Distinct())
        {
            foreach (var (term, weight) in _weights)
            {
                best = Math.Max(best, Words.Similarity(candidate, term) * weight);
            }
        }

        return best;
    }

    private void Add(string text, double weight)
    {
        foreach (var word in Words.Terms(text))
        {
            var effective = Weak.Contains(word) ? weight * 0.5 : weight;
            _weights[word] = Math.Max(_weights.GetValueOrDefault(word), effective);
        }
    }
}
