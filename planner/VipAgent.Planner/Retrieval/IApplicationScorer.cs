using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Scores every catalog application against a goal (higher is closer). <see cref="Bm25Scorer"/> is the lexical
/// scorer, <see cref="MiniLmScorer"/> the semantic one; <see cref="ApplicationRetriever"/> fuses them.
/// </summary>
public interface IApplicationScorer
{
    /// <summary>One score per application, in catalog order.</summary>
    IReadOnlyList<double> Score(string goal);
}
