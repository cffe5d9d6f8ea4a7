using System.Text.Json;
using System.Text.Json.Serialization;

namespace VipAgent.Execution.Dirac;

/// <summary>One job DiracX created (<c>POST /api/jobs/jdl</c> answer).</summary>
public sealed record InsertedJob(
    [property: JsonPropertyName("JobID")] long JobId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("MinorStatus")] string MinorStatus);

/// <summary>One row of a job search, with the columns VipAgent asks for.</summary>
public sealed record DiracJobRow(
    [property: JsonPropertyName("JobID")] long JobId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("MinorStatus")] string? MinorStatus,
    [property: JsonPropertyName("ApplicationStatus")] string? ApplicationStatus,
    [property: JsonPropertyName("Site")] string? Site,
    [property: JsonPropertyName("JobGroup")] string? JobGroup)
{
    /// <summary>The columns to ask for.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["JobID", "Status", "MinorStatus", "ApplicationStatus", "Site", "JobGroup"];
}

/// <summary>One search condition: a scalar (<c>value</c>) or vector (<c>values</c>) operator.</summary>
public sealed record SearchCondition(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Value = null,
    [property: JsonPropertyName("values"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<object>? Values = null);

/// <summary>A sort key of a search.</summary>
public sealed record SearchSort(
    [property: JsonPropertyName("parameter")] string Parameter,
    [property: JsonPropertyName("direction")] string Direction);

/// <summary>The body of <c>POST /api/jobs/search</c>.</summary>
public sealed record SearchBody(
    [property: JsonPropertyName("parameters")] IReadOnlyList<string> Parameters,
    [property: JsonPropertyName("search")] IReadOnlyList<SearchCondition> Search,
    [property: JsonPropertyName("sort")] IReadOnlyList<SearchSort> Sort);

/// <summary>The answer of <c>POST /api/jobs/sandbox</c>: the PFN, and where to upload unless DiracX already has it.</summary>
internal sealed record SandboxUploadTicket(
    [property: JsonPropertyName("pfn")] string Pfn,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("fields")] Dictionary<string, string>? Fields);

/// <summary>The answer of <c>GET /api/jobs/sandbox?pfn=</c>.</summary>
internal sealed record SandboxDownloadTicket(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>What a status change or reschedule did: per job id, success or DiracX's reason.</summary>
public sealed record DiracBulkResult(IReadOnlyList<long> Succeeded, IReadOnlyDictionary<long, string> Failed)
{
    internal static DiracBulkResult Parse(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object)
        {
            root = detail;
        }

        var succeeded = new List<long>();
        var failed = new Dictionary<long, string>();
        if (root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.Object)
        {
            succeeded.AddRange(success.EnumerateObject().Select(p => long.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (root.TryGetProperty("failed", out var failures) && failures.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in failures.EnumerateObject())
            {
                failed[long.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)] =
                    p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("detail", out var d) ? d.ToString() : p.Value.ToString();
            }
        }

        return new DiracBulkResult(succeeded, failed);
    }
}
