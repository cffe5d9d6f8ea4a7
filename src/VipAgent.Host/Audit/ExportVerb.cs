using System.CommandLine;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Audit;

namespace VipAgent.Host.Audit;

/// <summary>`vip audit export ID --format prov|ro-crate --out DIR`.</summary>
internal static class ExportVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var id = AuditCommand.StreamArgument();
        var format = new Option<string>("--format") { Description = "prov (W3C PROV-JSON) or ro-crate (Process Run Crate).", Required = true };
        format.AcceptOnlyFromAmong("prov", "ro-crate");
        var output = new Option<string>("--out") { Description = "Folder to write into (created when missing).", Required = true };
        var command = new Command("export", "Export an execution's provenance as W3C PROV-JSON or an RO-Crate.") { id, format, output };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(id)!, result.GetValue(format)!, result.GetValue(output)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string id, string format, string outDir, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var files = await registry.Get<Auditor>().ExportAsync(id, format == "prov" ? ExportFormat.Prov : ExportFormat.RoCrate, outDir, ct);
        foreach (var file in files)
        {
            Console.WriteLine(file);
        }

        return ExitCodes.Success;
    }
}
