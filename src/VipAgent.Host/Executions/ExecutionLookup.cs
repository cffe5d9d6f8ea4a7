using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>The ID argument of the execution verbs, and the execution it names (exit 2 when there is none).</summary>
internal static class ExecutionLookup
{
    public static Argument<string> IdArgument() => new("ID") { Description = "An execution id, as 'vip exec' printed it." };

    public static async Task<ExecutionSummary> FindAsync(ExecutionRecorder recorder, string id, CancellationToken ct)
    {
        var key = id.StartsWith("executions/", StringComparison.Ordinal) ? id["executions/".Length..] : id;
        if (!Guid.TryParse(key, out var executionId))
        {
            throw VipException.InvalidInput("VIP5010", $"'{id}' is not an execution id (a GUID such as 'vip exec' prints).");
        }

        return await recorder.FindAsync(executionId, ct)
            ?? throw VipException.InvalidInput("VIP5011", $"There is no execution {executionId} in the registry.");
    }

    public static string Name(this JobState state) => state.ToString().ToLowerInvariant();

    public static string Name(this ExecutionStatus status) => status.ToString().ToLowerInvariant();
}
