using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>`vip status ID`: an execution's status and its jobs by state, as recorded.</summary>
internal static class StatusVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var command = new Command("status", "Show an execution's status, its jobs by state and each job's attempts, as the registry records them.") { id };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var summary = await ExecutionLookup.FindAsync(registry.Get<ExecutionRecorder>(), id, ct);
        var byState = summary.JobsByState().OrderBy(p => p.Key).ToDictionary(p => p.Key.Name(), p => p.Value);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                executionId = summary.ExecutionId,
                application = summary.Application,
                toolVersion = summary.ToolVersion,
                backend = summary.Backend,
                status = summary.Status.Name(),
                reason = summary.Reason,
                jobsByState = byState,
                jobs = summary.Jobs.Select(j => new { jobId = j.JobId, state = j.State.Name(), attempts = j.Attempts, backendJobId = j.BackendJobId }),
                outputs = summary.Outputs.Count,
            }));
            return ExitCodes.Success;
        }

        Console.WriteLine($"{summary.ExecutionId}  {summary.Application}/{summary.ToolVersion} on {summary.Backend}: {summary.Status.Name()}");
        if (summary.Reason is { } reason)
        {
            Console.WriteLine($"  reason   {reason}");
        }

        Console.WriteLine($"  jobs     {string.Join(", ", byState.Select(p => $"{p.Value} {p.Key}"))}");
        foreach (var job in summary.Jobs)
        {
            Console.WriteLine($"  {job.JobId,-10} {job.State.Name(),-10} attempt {job.Attempts}  {job.Backend} {job.BackendJobId}");
        }

        Console.WriteLine($"  outputs  {summary.Outputs.Count} recorded");
        return ExitCodes.Success;
    }
}
