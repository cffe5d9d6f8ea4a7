using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Execution;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>What `vip exec` was asked to do.</summary>
internal sealed record ExecRequest(
    string Application, string InputsFile, string Backend, bool Wait, int Retries, TimeSpan PollInterval, bool NoContainer);

/// <summary>
/// `vip exec NAME[/VERSION] --inputs INVOCATION.json [--backend local|slurm] [--wait]`: a hand-written execution.
/// Checks the invocation, records a one-step plan, its approval and the start (inputs hashed), submits every
/// job and records it; with --wait (always on the local backend, whose jobs live in this process) it monitors
/// the jobs until the execution ends.
/// </summary>
internal static class ExecVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var application = new Argument<string>("NAME[/VERSION]") { Description = "A registered application, optionally with a tool version (default: the latest)." };
        var inputs = new Option<string>("--inputs") { Description = "The Boutiques invocation (JSON file): input ids to values; local File paths are staged into each job's folder.", Required = true };
        var backend = new Option<string>("--backend") { Description = "Where the jobs run: local (this machine) or slurm.", DefaultValueFactory = _ => ExecutionBackends.Local };
        backend.AcceptOnlyFromAmong(ExecutionBackends.Local, ExecutionBackends.Slurm);
        var wait = new Option<bool>("--wait") { Description = "Monitor the jobs in this process until the execution ends; exit 0 when it completed, 1 otherwise." };
        var retries = new Option<int>("--retries") { Description = "How many times a failed job is resubmitted before the execution fails.", DefaultValueFactory = _ => 3 };
        var poll = new Option<int>("--poll-interval") { Description = "Milliseconds between two polls of the backend while waiting.", DefaultValueFactory = _ => 1000 };
        var noContainer = new Option<bool>("--no-container") { Description = "Run on this host even when the descriptor names a container image." };
        var command = new Command("exec", "Run a registered application on an invocation: records a one-step plan, approves, starts and submits it.")
        {
            application, inputs, backend, wait, retries, poll, noContainer,
        };
        command.SetAction((result, ct) => RunAsync(
            globals.Read(result),
            new ExecRequest(
                result.GetValue(application)!, result.GetValue(inputs)!, result.GetValue(backend)!, result.GetValue(wait),
                result.GetValue(retries), TimeSpan.FromMilliseconds(result.GetValue(poll)), result.GetValue(noContainer)),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, ExecRequest request, CancellationToken ct)
    {
        if (request.Retries < 0 || request.PollInterval < TimeSpan.FromMilliseconds(10))
        {
            throw VipException.InvalidInput("VIP5005", "--retries must be 0 or more and --poll-interval at least 10 ms.");
        }

        var invocationJson = InputFiles.ReadText(request.InputsFile, "invocation");
        var slash = request.Application.LastIndexOf('/');
        var (name, version) = slash > 0 ? (request.Application[..slash], request.Application[(slash + 1)..]) : (request.Application, null);
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var published = await registry.Get<ApplicationCatalog>().FindDescriptorAsync(name, version, ct)
            ?? throw VipException.InvalidInput("VIP3001", version is null
                ? $"No application named '{name}' is registered; 'vip apps list' shows those that are."
                : $"'{name}' has no version '{version}'; 'vip apps list --search {name}' shows its versions.");
        var jobs = JobPreparation.Prepare(published.CanonicalDescriptor, invocationJson, request.InputsFile);

        var recorder = registry.Get<ExecutionRecorder>();
        var time = registry.Get<TimeProvider>();
        var store = ExecutionBackends.Store(settings);
        var backend = ExecutionBackends.Create(request.Backend, settings, store, time);
        try
        {
            var plan = new JsonObject
            {
                ["kind"] = "direct",
                ["application"] = published.Name,
                ["toolVersion"] = published.ToolVersion,
                ["backend"] = backend.Name,
                ["invocation"] = BoutiquesJson.Parse(invocationJson),
                ["jobs"] = new JsonArray([.. jobs.Select(j => (JsonNode)new JsonObject { ["jobId"] = j.JobId, ["invocation"] = j.Invocation.DeepClone() })]),
            };
            var user = Environment.UserName;
            var id = await recorder.PlanAsync(published.Name, published.ToolVersion, backend.Name, plan.ToJsonString(), user, ct);
            await recorder.ApproveAsync(id, user, ct);
            await recorder.StartAsync(id, jobs.SelectMany(j => j.Inputs).Select(i => i.SourcePath).Distinct(StringComparer.Ordinal), ct);
            var tracked = await SubmitOrFailAsync(recorder, id, () => new ExecutionSubmitter(recorder, backend, store).SubmitAsync(
                id, published.CanonicalDescriptor, jobs, jobId => ExecutionBackends.JobFolder(settings, id, jobId),
                published.ContainerImage, request.NoContainer, ct));

            Console.WriteLine(settings.Json
                ? JsonSerializer.Serialize(new { executionId = id, jobs = tracked.Select(j => new { jobId = j.Spec.JobId, backendJobId = j.Handle.BackendJobId }) })
                : id.ToString("D"));
            if (!request.Wait && backend.Name != ExecutionBackends.Local)
            {
                return ExitCodes.Success;
            }

            if (!request.Wait)
            {
                await Console.Error.WriteLineAsync("local jobs run inside this process: waiting until they end (hand-off to 'vip serve' is not available yet)");
            }

            var monitor = new ExecutionMonitor(recorder, backend, time, new MonitorOptions(request.PollInterval, request.Retries));
            try
            {
                return await monitor.RunAsync(id, tracked, ct) == ExecutionStatus.Completed ? ExitCodes.Success : ExitCodes.OperationFailed;
            }
            catch (OperationCanceledException) when (backend.Name == ExecutionBackends.Local)
            {
                // Ctrl+C: the local jobs die with this process, so the record must not say they still run
                await recorder.CancelAsync(id, user, "'vip exec' was interrupted; its local jobs were stopped", CancellationToken.None);
                throw;
            }
        }
        finally
        {
            await ExecutionBackends.ReleaseAsync(backend);
        }
    }

    /// <summary>A submission that throws leaves the execution failed with the reason, never running with no jobs.</summary>
    private static async Task<IReadOnlyList<TrackedJob>> SubmitOrFailAsync(
        ExecutionRecorder recorder, Guid id, Func<Task<IReadOnlyList<TrackedJob>>> submit)
    {
        try
        {
            return await submit();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await recorder.FailAsync(id, $"submission failed: {e.Message}", CancellationToken.None);
            throw new VipException("VIP5006", $"Execution {id} failed at submission: {e.Message}", ExitCodes.OperationFailed, e);
        }
    }
}
