using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Audit;

namespace VipAgent.Host.Audit;

/// <summary>
/// `vip audit rebuild`: replaces the catalog and execution summaries with what the events say,
/// after a verify reported a projection mismatch. Events are never changed; their chain is still checked by verify.
/// </summary>
internal static class RebuildVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("rebuild", "Rebuild the catalog and execution summaries from the events (the events themselves are never changed).");
        command.SetAction((result, ct) => RunAsync(globals.Read(result), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var written = await registry.Get<ProjectionRebuilder>().RebuildAsync(ct);
        Console.WriteLine($"rebuilt {written} projection document(s) from the events");
        return ExitCodes.Success;
    }
}
