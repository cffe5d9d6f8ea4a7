using System.CommandLine;
using System.Text.Json;
using VipAgent.Boutiques;
using VipAgent.Execution.Onnx;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;
using VipAgent.Host.Registry;
using VipAgent.Host.Scheduling;
using VipAgent.Host.Serve;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>What `vip exec` was asked to do.</summary>
internal sealed record ExecRequest(
    string Application, string InputsFile, string? Backend, bool Wait, int Retries, TimeSpan PollInterval, bool NoContainer);

/// <summary>
/// `vip exec NAME[/VERSION] --inputs INVOCATION.json [--backend local|slurm] [--wait]`: a hand-written execution.
/// Checks the invocation, records a one-step plan (every job ready to submit), its approval and its submission. With `vip serve`
/// running on the data folder, the service's scheduler takes it from there and --wait watches; without one, this
/// command runs the same scheduler in-process (local jobs always wait here, they need a process to run them).
/// </summary>
internal static class ExecVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var application = new Argument<string>("NAME[/VERSION]") { Description = "A registered application, optionally with a tool version (default: the latest)." };
        var inputs = new Option<string>("--inputs") { Description = "The Boutiques invocation (JSON file): input ids to values; local File paths are staged into each job's folder.", Required = true };
        var backend = new Option<string>("--backend") { Description = "Where the jobs run: local (this machine), slurm, dirac (the grid, through DiracX) or onnx (an ONNX application, in-process). Default: onnx for an ONNX application, local otherwise.", };
        backend.AcceptOnlyFromAmong(ExecutionBackends.Names);
        var wait = new Option<bool>("--wait") { Description = "Follow the execution until it ends; exit 0 when it completed, 1 otherwise." };
        var retries = new Option<int>("--retries") { Description = "How many times a failed job is resubmitted before it is held for a person.", DefaultValueFactory = _ => 3 };
        var poll = new Option<int>("--poll-interval") { Description = "Milliseconds between two polls of the backend (or of the registry, when watching the service).", DefaultValueFactory = _ => 1000 };
        var noContainer = new Option<bool>("--no-container") { Description = "Run on this host even when the descriptor names a container image." };
        var command = new Command("exec", "Run a registered application on an invocation: records a one-step plan and its approval, then runs it (here, or in the running 'vip serve').")
        {
            application, inputs, backend, wait, retries, poll, noContainer,
        };
        command.SetAction((result, ct) => RunAsync(
            globals.Read(result),
            new ExecRequest(
                result.GetValue(application)!, result.GetValue(inputs)!, result.GetValue(backend), result.GetValue(wait),
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
        await using var registry = await RegistryContext.OpenAsync(
            settings, ct, (services, connection) => services.AddVipScheduling(settings, connection, service: false, Console.Error));
        var published = await registry.Get<ApplicationCatalog>().FindDescriptorAsync(name, version, ct)
            ?? throw VipException.InvalidInput("VIP3001", version is null
                ? $"No application named '{name}' is registered; 'vip apps list' shows those that are."
                : $"'{name}' has no version '{version}'; 'vip apps list --search {name}' shows its versions.");
        var onnx = OnnxApplicationParser.IsOnnx(System.Text.Json.Nodes.JsonNode.Parse(published.CanonicalDescriptor));
        request = request with { Backend = request.Backend ?? (onnx ? ExecutionBackends.Onnx : ExecutionBackends.Local) };
        if (onnx != (request.Backend == ExecutionBackends.Onnx))
        {
            throw VipException.InvalidInput("VIP5007", onnx
                ? $"{published.Name} is an ONNX application: it runs in-process on --backend onnx, not on {request.Backend}."
                : $"--backend onnx runs ONNX applications only; {published.Name} is a command-line tool (use local, slurm or dirac).");
        }

        if (request.Backend == ExecutionBackends.Dirac)
        {
            VipAgent.Host.Dirac.DiracSettings.Options(settings); // a missing DiracX setting: exit 2 before anything is recorded
        }

        if (request.Backend == ExecutionBackends.Onnx)
        {
            OnnxSettings.Options(settings); // a bad onnx setting: exit 2 before anything is recorded
        }

        var jobs = JobPreparation.Prepare(published.CanonicalDescriptor, invocationJson, request.InputsFile);
        var plan = new RunPlan
        {
            Application = published.Name,
            ToolVersion = published.ToolVersion,
            Backend = request.Backend!,
            Invocation = BoutiquesJson.Parse(invocationJson),
            Retries = request.Retries,
            NoContainer = request.NoContainer,
            Jobs = jobs,
        };

        var recorder = registry.Get<ExecutionRecorder>();
        var user = Environment.UserName;
        var id = await recorder.PlanAsync(plan.Application, plan.ToolVersion, plan.Backend, plan.ToJson(), user, ct);
        await recorder.ApproveAsync(id, user, ct);
        await recorder.SubmitAsync(id, user, ct);

        var submitted = await recorder.FindAsync(id, ct) ?? throw new InvalidOperationException($"Execution {id} was recorded but cannot be read back.");
        return await SubmittedRun.ContinueAsync(
            settings, registry, submitted, request.Wait, request.PollInterval, ct, (service, dispatched) => Print(settings, id, service, dispatched));
    }

    private static void Print(HostSettings settings, Guid id, string? service, IReadOnlyList<JobView> jobs) =>
        Console.WriteLine(settings.Json
            ? JsonSerializer.Serialize(new { executionId = id, service, jobs = jobs.Select(j => new { jobId = j.JobId, backendJobId = j.BackendJobId }) })
            : id.ToString("D"));
}
