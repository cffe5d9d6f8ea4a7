using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Checkpoints;

namespace VipAgent.Host.Audit;

/// <summary>`vip audit checkpoint --out FILE`: every stream's head hash and a global root, signed.</summary>
internal static class CheckpointVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<string>("--out") { Description = "The checkpoint file to write; keep it outside the database.", Required = true };
        var command = new Command("checkpoint", "Write a signed checkpoint (ECDSA P-256) of every stream's head hash, for 'vip audit verify --checkpoint'.") { output };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(output)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string path, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var checkpoint = await registry.Get<CheckpointWriter>().WriteAsync(path, ct);
        Console.WriteLine($"checkpoint {path}: {checkpoint.Heads.Count} stream(s), root {checkpoint.Root}");
        return ExitCodes.Success;
    }
}
