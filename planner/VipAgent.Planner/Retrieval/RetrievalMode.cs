namespace VipAgent.Planner.Retrieval;

/// <summary>How the offline planner finds applications for a goal.</summary>
public enum RetrievalMode
{
    /// <summary>By words only: BM25 with name and version matches. No model to load.</summary>
    Lexical,

    /// <summary>By words and by meaning: BM25 fused with MiniLM embeddings (the index is built once per catalog).</summary>
    Hybrid,
}
