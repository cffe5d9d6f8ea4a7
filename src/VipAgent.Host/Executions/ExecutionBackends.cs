using VipAgent.Execution;
using VipAgent.Execution.Files;
using VipAgent.Execution.Local;
using VipAgent.Execution.Onnx;
using VipAgent.Execution.Slurm;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Executions;

/// <summary>
/// Where executions keep their files in the data folder (<c>store/</c>, <c>jobs/EXECUTION/JOB/</c>)
/// and the backend a name stands for. Slurm settings come from <c>VipAgent:Slurm:*</c> (Partition,
/// Account, BinDirectory); its shared working folder is the data folder's <c>jobs/</c>.
/// </summary>
internal static class ExecutionBackends
{
    public const string Local = "local";
    public const string Slurm = "slurm";
    public const string Dirac = "dirac";
    public const string Onnx = "onnx";

    /// <summary>Every backend name, as `--backend` accepts them.</summary>
    public static readonly string[] Names = [Local, Slurm, Dirac, Onnx];

    public static ContentStore Store(HostSettings settings) => new(Path.Combine(settings.DataDir, "store"));

    public static string JobsRoot(HostSettings settings) => Path.Combine(settings.DataDir, "jobs");

    public static string JobFolder(HostSettings settings, Guid executionId, string jobId) =>
        PathGuard.Resolve(Path.Combine(JobsRoot(settings), executionId.ToString("D")), jobId);

    public static IExecutionBackend Create(string name, HostSettings settings, ContentStore store, TimeProvider time, bool stopJobsOnDispose = true) => name switch
    {
        Local => new LocalBackend(new LocalBackendOptions { StopJobsOnDispose = stopJobsOnDispose }, store, time),
        Slurm => new SlurmBackend(
            new SlurmBackendOptions(JobsRoot(settings))
            {
                Partition = settings.Configuration["VipAgent:Slurm:Partition"],
                Account = settings.Configuration["VipAgent:Slurm:Account"],
                BinDirectory = settings.Configuration["VipAgent:Slurm:BinDirectory"],
            },
            store,
            time),
        Dirac => VipAgent.Host.Dirac.DiracSettings.CreateBackend(settings, store, time),
        Onnx => new OnnxBackend(OnnxSettings.Options(settings), store, time),
        _ => throw VipException.InvalidInput("VIP5004", $"Unknown backend '{name}'; use {string.Join(", ", Names)}."),
    };

    /// <summary>Disposes backends that hold running work (the local backend kills what is left).</summary>
    public static async ValueTask ReleaseAsync(IExecutionBackend backend)
    {
        if (backend is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
