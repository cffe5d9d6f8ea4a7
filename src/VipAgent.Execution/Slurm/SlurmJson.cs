using System.Text.Json;

namespace VipAgent.Execution.Slurm;

/// <summary>
/// Reads <c>squeue --json</c> / slurmrestd job lists in both shapes: 22.05 (v0.0.38: <c>job_state</c> a string,
/// <c>exit_code</c> a raw wait status) and 23.11+ (v0.0.40+: <c>job_state</c> an array, <c>exit_code</c> an object).
/// </summary>
public static class SlurmJson
{
    public static IReadOnlyList<SlurmJobRecord> ParseJobs(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("jobs", out var jobs))
        {
            return [];
        }

        return jobs.EnumerateArray().Select(Read).ToList();
    }

    private static SlurmJobRecord Read(JsonElement job)
    {
        var id = Number(job.GetProperty("job_id"))?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        if (job.TryGetProperty("array_task_id", out var task) && Number(task) is { } index
            && job.TryGetProperty("array_job_id", out var array) && Number(array) is { } arrayId and > 0)
        {
            id = FormattableString.Invariant($"{arrayId}_{index}");
        }

        var stateElement = job.GetProperty("job_state");
        var state = stateElement.ValueKind == JsonValueKind.Array
            ? stateElement.EnumerateArray().Select(s => s.GetString()).FirstOrDefault() ?? "UNKNOWN"
            : stateElement.GetString() ?? "UNKNOWN";
        var reason = job.TryGetProperty("state_reason", out var r) ? r.GetString() : null;
        return new SlurmJobRecord(id, SlurmStates.Normalize(state), SlurmJobRecord.ReasonOrNull(reason), ExitCode(job));
    }

    private static int? ExitCode(JsonElement job)
    {
        if (!job.TryGetProperty("exit_code", out var exit))
        {
            return null;
        }

        if (exit.ValueKind == JsonValueKind.Number)
        {
            return SlurmJobRecord.FromWaitStatus(exit.GetInt32());
        }

        if (exit.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (exit.TryGetProperty("signal", out var signal) && signal.TryGetProperty("id", out var signalId)
            && Number(signalId) is { } number and > 0)
        {
            return 128 + (int)number;
        }

        return exit.TryGetProperty("return_code", out var code) ? (int?)Number(code) : null;
    }

    /// <summary>A number written plainly (<c>5</c>) or as v0.0.40's <c>{"set":true,"number":5}</c>; null when unset.</summary>
    private static long? Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.Object when element.TryGetProperty("set", out var set) && set.GetBoolean()
            && element.TryGetProperty("number", out var number) => number.GetInt64(),
        _ => null,
    };
}
