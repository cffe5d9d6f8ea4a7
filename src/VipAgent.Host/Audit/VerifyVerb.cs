using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Audit;

namespace VipAgent.Host.Audit;

/// <summary>`vip audit verify ID|--all [--checkpoint FILE]`: exit 0 when the record is intact, 3 on any mismatch.</summary>
internal static class VerifyVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = AuditCommand.StreamArgument();
        id.Arity = ArgumentArity.ZeroOrOne;
        var all = new Option<bool>("--all") { Description = "Verify every stream in the registry." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A checkpoint file (from 'vip audit checkpoint'): stream heads must match it." };
        var command = new Command("verify", "Replay streams: recompute the hash chain, rebuild projections, re-hash output files, compare with a checkpoint.")
        {
            id, all, checkpoint,
        };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id), result.GetValue(all), result.GetValue(checkpoint), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string? id, bool all, string? checkpoint, CancellationToken ct)
    {
        if (all == (id is not null))
        {
            throw VipException.InvalidInput("VIP4001", "Give either an ID or --all.");
        }

        if (checkpoint is not null && !File.Exists(checkpoint))
        {
            throw VipException.InvalidInput("VIP4002", $"Cannot read the checkpoint '{checkpoint}': no such file.");
        }

        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var report = await registry.Get<Auditor>().VerifyAsync(id, checkpoint, ct);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                clean = report.IsClean,
                streams = report.StreamsChecked,
                events = report.EventsChecked,
                mismatches = report.Mismatches.Select(m => new { stream = m.Stream, @event = m.Event, kind = m.Kind.ToString(), detail = m.Detail }),
            }));
        }
        else
        {
            foreach (var mismatch in report.Mismatches)
            {
                Console.WriteLine($"MISMATCH {mismatch}");
            }

            Console.WriteLine(report.IsClean
                ? $"verified: {report.StreamsChecked} stream(s), {report.EventsChecked} event(s), no mismatch"
                : $"{report.Mismatches.Count} mismatch(es) in {report.StreamsChecked} stream(s), {report.EventsChecked} event(s)");
        }

        return report.IsClean ? ExitCodes.Success : ExitCodes.AuditMismatch;
    }
}
