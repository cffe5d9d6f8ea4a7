using System.CommandLine;
using System.Text.Json;
using VipAgent.Execution.Files;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Executions;

namespace VipAgent.Host.Executions;

/// <summary>`vip results ID [--out DIR]`: an execution's recorded outputs with their hashes, copied out on request.</summary>
internal static class ResultsVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = ExecutionLookup.IdArgument();
        var output = new Option<string?>("--out") { Description = "Folder to copy the outputs into, as OUT/JOB-ID/PATH (created when missing), from the content store." };
        var command = new Command("results", "List an execution's recorded outputs (job, path, size, SHA-256); with --out, copy them.") { id, output };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, result.GetValue(output), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, string? outFolder, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var summary = await ExecutionLookup.FindAsync(registry.Get<ExecutionRecorder>(), id, ct);
        var store = ExecutionBackends.Store(settings);
        var results = summary.Outputs.Select(o => (Output: o, Relative: Path.GetRelativePath(
            ExecutionBackends.JobFolder(settings, summary.ExecutionId, o.JobId), o.Path))).ToList();
        if (outFolder is not null)
        {
            foreach (var (output, relative) in results)
            {
                await CopyAsync(store, output, Path.Combine(Path.GetFullPath(outFolder), output.JobId), relative, ct);
            }
        }

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new
            {
                jobId = r.Output.JobId,
                path = r.Relative,
                size = r.Output.Size,
                sha256 = r.Output.Sha256,
                recordedPath = r.Output.Path,
            })));
        }
        else
        {
            foreach (var (output, relative) in results)
            {
                Console.WriteLine($"{output.JobId,-10} {output.Sha256}  {output.Size,10}  {relative}");
            }

            Console.WriteLine($"{results.Count} output(s), execution {summary.Status.Name()}" + (outFolder is null ? "" : $", copied into {outFolder}"));
        }

        return ExitCodes.Success;
    }

    private static async Task CopyAsync(ContentStore store, OutputView output, string jobFolder, string relative, CancellationToken ct)
    {
        var source = store.PathOf(output.Sha256);
        if (!File.Exists(source))
        {
            throw new VipException("VIP5013", $"The content store has no copy of {output.JobId}/{relative} ({output.Sha256[..12]}…).");
        }

        Directory.CreateDirectory(jobFolder);
        var target = PathGuard.Resolve(jobFolder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var from = File.OpenRead(source);
        await using var to = File.Create(target);
        await from.CopyToAsync(to, ct);
    }
}
