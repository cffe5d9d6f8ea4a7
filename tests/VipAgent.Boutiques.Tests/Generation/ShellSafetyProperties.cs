using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Tests.Generation;

/// <summary>
/// Whatever a user types into a String or File input, /bin/sh receives it as one literal word:
/// no command substitution, no second command, no redirection, no globbing, no variable.
/// </summary>
public sealed class ShellSafetyProperties
{
    private static readonly string[] Pieces =
    [
        "'", "\"", "$(", ")", "`", "\n", "\t", ";", "&", "&&", "|", ">", "<", ">>", "*", "?", "[a]", "\\", " ", "  ", "$HOME", "${X}",
        "a", "Z", "0", "é", "日本", "~", "#", "!", "{", "}", "=", "-n", "--", "%", "'\"'\"'", "rm -rf /tmp/x", "$((1+1))", "\r",
    ];

    private static readonly BoutiquesDescriptor Descriptor = BoutiquesDescriptor.Read(JsonNode.Parse("""
        {
          "name": "echo", "tool-version": "1", "description": "prints its words", "schema-version": "0.5",
          "command-line": "printf '%s\\0' [TEXT] [FILE] [WORDS] > /dev/stdout",
          "inputs": [
            { "id": "text", "name": "text", "type": "String", "value-key": "[TEXT]" },
            { "id": "file", "name": "file", "type": "File", "value-key": "[FILE]", "command-line-flag": "-f", "command-line-flag-separator": "=" },
            { "id": "words", "name": "words", "type": "String", "list": true, "value-key": "[WORDS]" }
          ]
        }
        """)!.AsObject());

    private static Arbitrary<string> Values() =>
        Gen.Elements(Pieces).ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 150)]
    public Property Any_string_or_file_value_reaches_the_program_as_one_literal_word() =>
        Prop.ForAll(Values(), Values(), Values(), (text, file, word) =>
        {
            var invocation = new JsonObject { ["text"] = text, ["file"] = file, ["words"] = new JsonArray(word, text) };
            var simulation = Simulator.Simulate(Descriptor, invocation).Simulation!;

            RunShell(simulation.CommandLine).ShouldBe([text, "-f=" + file, word, text]);
        });

    [Property(MaxTest = 150)]
    public Property Plain_argv_is_exactly_what_the_shell_would_pass() =>
        Prop.ForAll(Values(), Values(), (text, file) =>
        {
            var commandLine = Simulator.Simulate(PlainDescriptor, new JsonObject { ["text"] = text, ["file"] = file }).Simulation!.CommandLine;
            var argv = PlainArgv.Split(commandLine).ShouldNotBeNull();

            argv.ShouldBe(["printf", "%s\\0", .. RunShell(commandLine)]);
        });

    private static readonly BoutiquesDescriptor PlainDescriptor = BoutiquesDescriptor.Read(JsonNode.Parse("""
        {
          "name": "plain", "tool-version": "1", "description": "no shell syntax", "schema-version": "0.5",
          "command-line": "printf '%s\\0' [TEXT] [FILE]",
          "inputs": [
            { "id": "text", "name": "text", "type": "String", "value-key": "[TEXT]" },
            { "id": "file", "name": "file", "type": "File", "value-key": "[FILE]", "command-line-flag": "--in" }
          ]
        }
        """)!.AsObject());

    private static List<string> RunShell(string commandLine)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(commandLine);
        start.Environment["X"] = "expanded";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, commandLine);
        return output.Split('\0').SkipLast(1).ToList();
    }
}
