using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Host.Executions;

/// <summary>
/// A run's plan as the registry records it (<c>ExecutionPlanned.PlanJson</c>): the application version, the
/// backend, the options, and every job ready to submit (its invocation, its local input files, the outputs it
/// must leave). Any process can dispatch, retry and collect the run from it alone: `vip exec` in-process, or the
/// service it hands the run over to.
/// </summary>
internal sealed record RunPlan
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>direct</c> for `vip exec`; the planner writes its own kinds with the same jobs.</summary>
    public string Kind { get; init; } = "direct";

    public required string Application { get; init; }

    public required string ToolVersion { get; init; }

    public required string Backend { get; init; }

    /// <summary>The invocation as the user wrote it, before expansion.</summary>
    public JsonNode? Invocation { get; init; }

    /// <summary>How many times a failed job is resubmitted before it is held for a person.</summary>
    public int Retries { get; init; } = 3;

    /// <summary>Run on the host even when the descriptor names a container image.</summary>
    public bool NoContainer { get; init; }

    public required IReadOnlyList<PreparedJob> Jobs { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunPlan Parse(string planJson) =>
        JsonSerializer.Deserialize<RunPlan>(planJson, Json) ?? throw new JsonException("The recorded plan is empty.");

    public PreparedJob Job(string jobId) =>
        Jobs.FirstOrDefault(j => j.JobId == jobId) ?? throw new InvalidOperationException($"The plan has no job '{jobId}'.");
}
