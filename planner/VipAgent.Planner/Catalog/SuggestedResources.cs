using System.Text.Json.Nodes;

namespace VipAgent.Planner.Catalog;

/// <summary>A descriptor's <c>suggested-resources</c>: RAM in GB, cores, GPUs and the walltime estimate of one job in seconds.</summary>
public sealed record SuggestedResources(double? RamGb, double? CpuCores, double? GpuCores, double? WalltimeSeconds)
{
    /// <summary>Reads the object (null: nothing suggested).</summary>
    public static SuggestedResources Read(JsonObject? resources) => new(
        Number(resources?["ram"]), Number(resources?["cpu-cores"]), Number(resources?["gpu-cores"]), Number(resources?["walltime-estimate"]));

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
