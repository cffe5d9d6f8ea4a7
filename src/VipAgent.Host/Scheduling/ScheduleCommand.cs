using System.CommandLine;
using System.Text.Json;
using Quartz;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Host.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Scheduling;

/// <summary>
/// `vip schedule add ID --cron EXPR [--name NAME] | list | remove NAME`: scheduled experiments. A schedule re-runs
/// an approved execution's plan on a Quartz cron expression; it lives in the Quartz job store in PostgreSQL, so the
/// running `vip serve` (or the next one to start) fires it. A run missed while no service ran fires once at start.
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("schedule", "Re-run an approved execution's plan on a schedule (cron), in 'vip serve'.");
        command.Subcommands.Add(Add(globals));
        command.Subcommands.Add(List(globals));
        command.Subcommands.Add(Remove(globals));
        return command;
    }

    private static Command Add(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var cron = new Option<string>("--cron") { Description = "A Quartz cron expression with seconds: 'SEC MIN HOUR DAY MONTH WEEKDAY [YEAR]', e.g. '0 0 2 * * ?' every night at 02:00 (UTC).", Required = true };
        var name = new Option<string?>("--name") { Description = "The schedule's name (letters, digits, '-', '_', '.'); default: run-ID." };
        var command = new Command("add", "Schedule the re-run of an approved execution's plan.") { id, cron, name };
        command.SetAction((result, ct) => AddAsync(globals.Read(result), result.GetValue(id)!, result.GetValue(cron)!, result.GetValue(name), ct));
        return command;
    }

    private static Command List(GlobalOptions globals)
    {
        var command = new Command("list", "Show every schedule: its execution, cron expression and next run.");
        command.SetAction((result, ct) => ListAsync(globals.Read(result), ct));
        return command;
    }

    private static Command Remove(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule to remove, as 'vip schedule list' names it." };
        var command = new Command("remove", "Remove a schedule; executions it already started are not touched.") { name };
        command.SetAction((result, ct) => RemoveAsync(globals.Read(result), result.GetValue(name)!, ct));
        return command;
    }

    private static async Task<int> AddAsync(HostSettings settings, string id, string cron, string? name, CancellationToken ct)
    {
        try
        {
            CronExpression.Parse(cron);
        }
        catch (FormatException e)
        {
            throw VipException.InvalidInput("VIP5020", $"--cron '{cron}' is not a Quartz cron expression ({e.Message}); it has 6 or 7 fields starting with seconds, e.g. '0 0 2 * * ?' for 02:00 every day.");
        }

        await using var registry = await OpenAsync(settings, ct);
        var execution = await ExecutionLookup.FindAsync(registry.Get<ExecutionRecorder>(), id, ct);
        if (execution.ApprovedBy is null)
        {
            throw VipException.InvalidInput("VIP5021", $"Execution {execution.ExecutionId} was never approved; only an approved plan can be scheduled.");
        }

        var key = new JobKey(name ?? $"run-{execution.ExecutionId:N}"[..12], ScheduledRunJob.Group);
        if (!System.Text.RegularExpressions.Regex.IsMatch(key.Name, "^[A-Za-z0-9._-]{1,80}$"))
        {
            throw VipException.InvalidInput("VIP5022", $"--name '{key.Name}' must be 1 to 80 letters, digits, '.', '_' or '-'.");
        }

        var scheduler = await registry.Get<ISchedulerFactory>().GetScheduler(ct);
        if (await scheduler.GetJobDetail(key, ct) is not null)
        {
            throw VipException.InvalidInput("VIP5023", $"A schedule named '{key.Name}' already exists; remove it first ('vip schedule remove {key.Name}') or choose another --name.");
        }

        var job = JobBuilder.Create<ScheduledRunJob>()
            .WithIdentity(key)
            .WithDescription($"re-runs the plan of {execution.ExecutionId} ({execution.Application}/{execution.ToolVersion} on {execution.Backend})")
            .UsingJobData(ScheduledRunJob.ExecutionKey, execution.ExecutionId.ToString("D"))
            .UsingJobData(ScheduledRunJob.ApprovedByKey, Environment.UserName)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, ScheduledRunJob.Group)
            .ForJob(job)
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions(), ct);
        var next = trigger.GetFireTimeAfter(DateTimeOffset.UtcNow);
        Console.WriteLine(settings.Json
            ? JsonSerializer.Serialize(new { name = key.Name, executionId = execution.ExecutionId, cron, nextRun = next })
            : $"scheduled '{key.Name}': re-runs {execution.ExecutionId} on '{cron}' (UTC), next at {next:u}");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(HostSettings settings, CancellationToken ct)
    {
        await using var registry = await OpenAsync(settings, ct);
        var scheduler = await registry.Get<ISchedulerFactory>().GetScheduler(ct);
        var rows = new List<(string Name, string Execution, string Cron, DateTimeOffset? Next)>();
        var headers = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(ScheduledRunJob.Group) }, ct);
        foreach (var header in headers.Items)
        {
            var trigger = await scheduler.GetTrigger(header.Key, ct);
            var job = trigger is null ? null : await scheduler.GetJobDetail(trigger.JobKey, ct);
            rows.Add((header.Key.Name, job?.JobDataMap.GetString(ScheduledRunJob.ExecutionKey) ?? "", (trigger as ICronTrigger)?.CronExpressionString ?? "", trigger?.NextFireTimeUtc));
        }

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new { name = r.Name, executionId = r.Execution, cron = r.Cron, nextRun = r.Next })));
        }
        else
        {
            Console.WriteLine(rows.Count == 0 ? "no schedules; add one with 'vip schedule add ID --cron EXPR'" : string.Join('\n', rows.Select(r => $"{r.Name,-20} {r.Execution}  '{r.Cron}'  next {r.Next:u}")));
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RemoveAsync(HostSettings settings, string name, CancellationToken ct)
    {
        await using var registry = await OpenAsync(settings, ct);
        var scheduler = await registry.Get<ISchedulerFactory>().GetScheduler(ct);
        if (!await scheduler.DeleteJob(new JobKey(name, ScheduledRunJob.Group), ct))
        {
            throw VipException.InvalidInput("VIP5024", $"There is no schedule named '{name}'; 'vip schedule list' shows them.");
        }

        Console.WriteLine($"removed schedule '{name}'");
        return ExitCodes.Success;
    }

    /// <summary>The registry with a Quartz scheduler on the service's job store, never started here: it only edits the store.</summary>
    private static Task<RegistryContext> OpenAsync(HostSettings settings, CancellationToken ct) =>
        RegistryContext.OpenAsync(settings, ct, (services, connection) => SchedulerService.AddQuartzStore(services, connection));
}
