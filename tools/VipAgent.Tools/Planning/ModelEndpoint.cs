namespace VipAgent.Tools.Planning;

/// <summary>
/// An OpenAI-compatible chat endpoint for the model planner (configuration <c>VipAgent:Planner:Endpoint</c>,
/// <c>:Model</c>, <c>:ApiKey</c>): Ollama <c>http://localhost:11434/v1</c>, vLLM <c>:8000/v1</c>, llama.cpp
/// <c>:8080/v1</c> or OpenAI itself.
/// </summary>
public sealed record ModelEndpoint(Uri Endpoint, string Model, string? ApiKey = null)
{
    /// <summary>How long one chat request may take before the planner gives up and falls back.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The endpoint and model, as the plan's reasons name them (never the key).</summary>
    public override string ToString() => $"{Model} at {Endpoint}";
}
