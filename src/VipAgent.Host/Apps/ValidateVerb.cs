using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps validate FILE`: exit 0 when valid, 2 with every problem on stderr when not.</summary>
internal static class ValidateVerb
{
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE") { Description = "The Boutiques descriptor (JSON) to check." };
        var command = new Command("validate", "Check a Boutiques descriptor against the schema and every rule bosh applies; lists all problems at once.") { file };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(globals.Json)));
        return command;
    }

    private static int Run(string file, bool json)
    {
        var text = InputFiles.ReadText(file, "descriptor");
        var problems = BoutiquesEngine.Validate(text);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { file, valid = problems.Count == 0, problems = ProblemReport.ToJson(problems) }));
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        }

        if (problems.Count > 0)
        {
            return ProblemReport.Write(file, problems);
        }

        var descriptor = BoutiquesJson.Parse(text)!; // as the validator read it: a repeated key keeps its last value
        Console.WriteLine($"{file}: valid ({descriptor["name"]} {descriptor["tool-version"]})");
        return ExitCodes.Success;
    }
}
