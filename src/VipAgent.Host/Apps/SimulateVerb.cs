using System.CommandLine;
using System.Text.Json;
using VipAgent.Boutiques;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps simulate DESCRIPTOR INVOCATION`: the command line bosh would run, without running it.</summary>
internal static class SimulateVerb
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(GlobalOptions globals)
    {
        var descriptor = AppsCommand.DescriptorArgument();
        var invocation = AppsCommand.InvocationArgument();
        var command = new Command("simulate", "Print the command line an invocation produces (with --json: argv, output files, config files, environment).")
        {
            descriptor, invocation,
        };
        command.SetAction(result => Run(result.GetValue(descriptor)!, result.GetValue(invocation)!, result.GetValue(globals.Json)));
        return command;
    }

    private static int Run(string descriptorFile, string invocationFile, bool json)
    {
        var result = BoutiquesEngine.Simulate(
            InputFiles.ReadText(descriptorFile, "descriptor"), InputFiles.ReadText(invocationFile, "invocation"));
        if (result.Value is not { } simulation)
        {
            ProblemReport.Write(descriptorFile, result.DescriptorProblems);
            return ProblemReport.Write(invocationFile, result.InvocationProblems);
        }

        Console.WriteLine(json
            ? JsonSerializer.Serialize(new
            {
                commandLine = simulation.CommandLine,
                argv = simulation.Argv,
                outputFiles = simulation.OutputFiles,
                configFiles = simulation.ConfigFiles,
                environment = simulation.Environment,
            }, Indented)
            : simulation.CommandLine);
        return ExitCodes.Success;
    }
}
