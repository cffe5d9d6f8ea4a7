using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using VipAgent.Host.Cli;
using VipAgent.Host.Registry;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps import PATH...`: publishes descriptors as immutable application versions.</summary>
internal static class ImportVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Descriptor files, or folders whose *.json files are imported.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("import", "Validate descriptors and publish each as an immutable application version; identical re-imports change nothing.") { paths };
        command.SetAction((result, ct) => RunAsync(globals.Read(result), result.GetValue(paths)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(HostSettings settings, string[] paths, CancellationToken ct)
    {
        await using var registry = await RegistryContext.OpenAsync(settings, ct);
        var importer = registry.Get<ApplicationImporter>();
        var outcomes = settings.Json || Console.IsErrorRedirected
            ? await importer.ImportAsync(paths, Environment.UserName, null, ct)
            : await ImportWithProgressBarAsync(importer, paths, ct);

        await ModelFileStore.PutAsync(settings, outcomes, ct);
        var rejected = outcomes.Where(o => o.Status == ImportStatus.Rejected).ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(outcomes.Select(o => new
            {
                source = o.Source,
                status = o.Status.ToString().ToLowerInvariant(),
                name = o.Name,
                toolVersion = o.ToolVersion,
                sha256 = o.DescriptorSha256,
                reasons = o.Reasons,
            })));
        }
        else
        {
            foreach (var outcome in outcomes.Where(o => o.Status != ImportStatus.Rejected))
            {
                Console.WriteLine($"{outcome.Status.ToString().ToLowerInvariant(),-9} {outcome.Name}/{outcome.ToolVersion}  {outcome.DescriptorSha256?[..12]}  {outcome.Source}");
            }

            foreach (var outcome in rejected)
            {
                foreach (var reason in outcome.Reasons)
                {
                    await Console.Error.WriteLineAsync($"rejected {outcome.Source}: {reason}");
                }
            }

            Console.WriteLine($"{outcomes.Count(o => o.Status == ImportStatus.Imported)} imported, " +
                              $"{outcomes.Count(o => o.Status == ImportStatus.Unchanged)} unchanged, {rejected.Count} rejected");
        }

        return rejected.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
    }

    private static async Task<IReadOnlyList<ImportOutcome>> ImportWithProgressBarAsync(ApplicationImporter importer, string[] paths, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask("importing descriptors");
            var progress = new Progress<ImportProgress>(p =>
            {
                task.MaxValue = p.Total;
                task.Value = p.Done;
                task.Description = $"importing {Markup.Escape(Path.GetFileName(p.Last.Source))}";
            });
            return await importer.ImportAsync(paths, Environment.UserName, progress, ct);
        });
    }
}
