using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Host.Scheduling;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>`vip status ID [--watch]`: an execution's status and its jobs by state, as recorded; --watch follows it live.</summary>
internal static class StatusVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var watch = new Option<bool>("--watch") { Description = "Follow the execution live (jobs by state) until it ends or waits for a person; exit 0 when it completed, 1 otherwise." };
        var poll = new Option<int>("--poll-interval") { Description = "Milliseconds between two reads while watching.", DefaultValueFactory = _ => 1000 };
        var command = new Command("status", "Show an execution's status, its jobs by state and each job's attempts, as the registry records them.") { id, watch, poll };
        command.SetAction((result, ct) => RunAsync(
            globals.Read(result), result.GetValue(id)!, result.GetValue(watch), TimeSpan.FromMilliseconds(Math.Max(10, result.GetValue(poll))), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, bool watch, TimeSpan poll, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var recorder = registry.Get<ExecutionRecorder>();
        var summary = await ExecutionLookup.FindAsync(recorder, id, ct);
        if (!watch)
        {
            Show(settings, summary);
            return ExitCodes.Success;
        }

        if (settings.Json || Console.IsOutputRedirected)
        {
            return await ExecutionWatch.FollowToEndAsync(recorder, summary.ExecutionId, poll, registry.Get<TimeProvider>(), Console.Out, ct);
        }

        ExecutionSummary last = summary;
        await AnsiConsole.Live(View(summary)).StartAsync(async live =>
        {
            await foreach (var (execution, _) in new ExecutionWatch(recorder, summary.ExecutionId).FollowAsync(poll, registry.Get<TimeProvider>(), ct))
            {
                last = execution;
                live.UpdateTarget(View(execution));
                if (execution.IsFinished || InProcessRun.OnlyHeldLeft(execution))
                {
                    break;
                }
            }
        });
        return ExecutionWatch.ExitCodeOf(last, last.IsFinished ? RunOutcome.Ended : RunOutcome.Held);
    }

    /// <summary>The live view: the execution's status, a bar of ended jobs, and the jobs in each state.</summary>
    private static Rows View(ExecutionSummary execution)
    {
        var total = Math.Max(execution.PlannedJobs, execution.Jobs.Count);
        var ended = execution.Jobs.Count(j => j.IsFinished);
        var table = new Table().Border(TableBorder.Simple).AddColumn("state").AddColumn(new TableColumn("jobs").RightAligned());
        foreach (var (state, count) in execution.JobsByState().OrderBy(p => p.Key))
        {
            table.AddRow(state.Name(), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var width = 30;
        var filled = total == 0 ? 0 : ended * width / total;
        return new Rows(
            new Markup($"[bold]{execution.ExecutionId}[/] {Markup.Escape($"{execution.Application}/{execution.ToolVersion}")} on {execution.Backend}: [bold]{execution.Status.Name()}[/]"),
            new Markup($"[green]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {ended}/{total} jobs ended"),
            table);
    }

    private static void Show(HostSettings settings, ExecutionSummary summary)
    {
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
                plannedJobs = summary.PlannedJobs,
                jobsByState = byState,
                jobs = summary.Jobs.Select(j => new { jobId = j.JobId, state = j.State.Name(), attempts = j.Attempts, backendJobId = j.BackendJobId, detail = j.Detail }),
                outputs = summary.Outputs.Count,
            }));
            return;
        }

        Console.WriteLine($"{summary.ExecutionId}  {summary.Application}/{summary.ToolVersion} on {summary.Backend}: {summary.Status.Name()}");
        if (summary.Reason is { } reason)
        {
            Console.WriteLine($"  reason   {reason}");
        }

        Console.WriteLine($"  jobs     {string.Join(", ", byState.Select(p => $"{p.Value} {p.Key}"))}");
        foreach (var job in summary.Jobs)
        {
            Console.WriteLine($"  {job.JobId,-10} {job.State.Name(),-10} attempt {job.Attempts}  {job.Backend} {job.BackendJobId}  {job.Detail}");
        }

        if (InProcessRun.OnlyHeldLeft(summary))
        {
            Console.WriteLine($"  held     waiting for a person: 'vip retry {summary.ExecutionId}' or 'vip cancel {summary.ExecutionId}'");
        }

        Console.WriteLine($"  outputs  {summary.Outputs.Count} recorded");
    }
}
