using System.CommandLine;
using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps list [--search TEXT]`: the catalog of registered applications.</summary>
internal static class ListVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var search = new Option<string?>("--search") { Description = "Only applications whose name, description or tags contain this text." };
        var command = new Command("list", "List registered applications with their versions.") { search };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(search), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string? search, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var applications = await registry.Get<ApplicationCatalog>().ListAsync(search, ct);
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(applications.Select(a => new
            {
                name = a.Name,
                versions = a.Versions.Select(v => v.ToolVersion),
                description = a.Description,
                tags = a.Tags,
                deprecated = a.IsDeprecated,
            })));
            return ExitCodes.Success;
        }

        foreach (var application in applications)
        {
            var versions = string.Join(", ", application.Versions.Select(v => v.ToolVersion));
            var summary = application.Description is { Length: > 70 } d ? d[..67] + "..." : application.Description;
            Console.WriteLine($"{application.Name,-40} {versions,-16} {(application.IsDeprecated ? "[deprecated] " : "")}{summary}");
        }

        if (applications.Count == 0)
        {
            await Console.Error.WriteLineAsync(search is null
                ? "No applications registered yet: add some with 'vip apps import PATH'."
                : $"No application matches '{search}'.");
        }

        return ExitCodes.Success;
    }
}
