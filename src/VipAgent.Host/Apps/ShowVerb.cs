using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps show NAME[/VERSION]`: one application version, its identity and its inputs.</summary>
internal static class ShowVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var reference = new Argument<string>("NAME[/VERSION]") { Description = "An application name, optionally with a tool version (default: the latest)." };
        var command = new Command("show", "Show a registered application version: descriptor hash, container, inputs (--json: the exact published descriptor).") { reference };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(reference)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string reference, CancellationToken ct)
    {
        var slash = reference.LastIndexOf('/');
        var (name, version) = slash > 0 ? (reference[..slash], reference[(slash + 1)..]) : (reference, null);
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var published = await registry.Get<ApplicationCatalog>().FindDescriptorAsync(name, version, ct)
            ?? throw VipException.InvalidInput("VIP3001", version is null
                ? $"No application named '{name}' is registered; 'vip apps list' shows those that are."
                : $"'{name}' has no version '{version}'; 'vip apps list --search {name}' shows its versions.");

        var descriptor = JsonNode.Parse(published.CanonicalDescriptor)!;
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                name = published.Name,
                toolVersion = published.ToolVersion,
                sha256 = published.DescriptorSha256,
                containerImage = published.ContainerImage,
                publishedBy = published.PublishedBy,
                publishedAt = published.PublishedAt,
                descriptor,
            }));
            return ExitCodes.Success;
        }

        Console.WriteLine($"{published.Name} {published.ToolVersion}");
        Console.WriteLine($"  sha256     {published.DescriptorSha256}");
        Console.WriteLine($"  container  {published.ContainerImage ?? "(none)"}");
        Console.WriteLine($"  published  {published.PublishedAt:u} by {published.PublishedBy}");
        Console.WriteLine($"  {descriptor["description"]}");
        foreach (var input in descriptor["inputs"]?.AsArray() ?? [])
        {
            var optional = input?["optional"]?.GetValue<bool>() == true ? "optional" : "required";
            Console.WriteLine($"  input {input?["id"],-24} {input?["type"],-7} {optional,-8} {input?["name"]}");
        }

        return ExitCodes.Success;
    }
}
