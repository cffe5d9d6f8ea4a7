using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Audit;

namespace VipAgent.Host.Audit;

/// <summary>`vip audit replay ID`: the stream as a readable timeline.</summary>
internal static class ReplayVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = AuditCommand.StreamArgument();
        var command = new Command("replay", "Print a stream's events as a readable timeline.") { id };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var lines = await registry.Get<Auditor>().ReplayAsync(id, ct);
        if (lines.Count == 0)
        {
            throw VipException.InvalidInput("VIP4003", $"No stream '{id}' in the registry.");
        }

        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return ExitCodes.Success;
    }
}
