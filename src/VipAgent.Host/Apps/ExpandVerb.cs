using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps expand DESCRIPTOR INVOCATION`: the job invocations VIP's iteration rules make of one invocation.</summary>
internal static class ExpandVerb
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(GlobalOptions globals)
    {
        var descriptor = AppsCommand.DescriptorArgument();
        var invocation = AppsCommand.InvocationArgument();
        var command = new Command("expand", "Print, as a JSON array, the job invocations after VIP iteration (vip:intIteratorInputs, vip:dot, cross products, vip:directoryInputs).")
        {
            descriptor, invocation,
        };
        command.SetAction(result => Run(result.GetValue(descriptor)!, result.GetValue(invocation)!));
        _ = globals; // the output is JSON already
        return command;
    }

    private static int Run(string descriptorFile, string invocationFile)
    {
        var result = BoutiquesEngine.Expand(
            InputFiles.ReadText(descriptorFile, "descriptor"), InputFiles.ReadText(invocationFile, "invocation"), ListDirectory);
        if (result.Value is not { } jobs)
        {
            ProblemReport.Write(descriptorFile, result.DescriptorProblems);
            return ProblemReport.Write(invocationFile, result.InvocationProblems);
        }

        Console.WriteLine(new JsonArray([.. jobs.Select(j => (JsonNode)j.DeepClone())]).ToJsonString(Indented));
        return ExitCodes.Success;
    }

    /// <summary>vip:directoryInputs: a local folder's entries, in a stable order.</summary>
    private static IReadOnlyList<string> ListDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw VipException.InvalidInput("VIP2002", $"The folder '{directory}' given for a vip:directoryInputs input does not exist.");
        }

        return Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
    }
}
