using System.Text.Json.Nodes;
using VipAgent.Boutiques.Invocations;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Generation;

/// <summary>
/// What <c>bosh exec simulate</c> computes for a valid invocation. <see cref="Argv"/> is null when the
/// command line needs a shell (operators, redirections, globs, variables); otherwise it is the exact words
/// <c>/bin/sh</c> would pass to the program.
/// </summary>
public sealed record Simulation(
    string CommandLine,
    IReadOnlyList<string>? Argv,
    IReadOnlyDictionary<string, string> OutputFiles,
    IReadOnlyDictionary<string, string> ConfigFiles,
    IReadOnlyDictionary<string, string> Environment,
    JsonObject EffectiveInvocation);

/// <summary>A simulation, or the problems that made the invocation invalid.</summary>
public sealed record SimulationResult(Simulation? Simulation, IReadOnlyList<DescriptorProblem> Problems)
{
    public bool Succeeded => Simulation is not null;
}

public static class Simulator
{
    /// <summary>
    /// Checks the invocation, applies defaults, then computes output paths, the command line, config files and
    /// environment. <paramref name="workingDirectory"/> resolves outputs with <c>uses-absolute-path</c>
    /// (bosh uses its own process directory).
    /// </summary>
    public static SimulationResult Simulate(BoutiquesDescriptor descriptor, JsonNode? invocation, string workingDirectory = "/")
    {
        var checkedInvocation = InvocationValidator.Check(descriptor, invocation);
        if (!checkedInvocation.IsValid)
        {
            return new SimulationResult(null, checkedInvocation.Problems);
        }

        return new SimulationResult(Generate(descriptor, checkedInvocation.Effective, workingDirectory), []);
    }

    /// <summary>Generation alone, for an invocation already checked and completed with defaults.</summary>
    public static Simulation Generate(BoutiquesDescriptor descriptor, JsonObject effective, string workingDirectory = "/")
    {
        var inputs = new Dictionary<string, JsonNode?>();
        foreach (var (key, value) in effective)
        {
            if (value is not null)
            {
                inputs[key] = value;
            }
        }

        var outputs = OutputPaths.Compute(descriptor, inputs, workingDirectory);
        var renderer = new TemplateRenderer(descriptor, inputs, outputs);
        var commandLine = renderer.Render(descriptor.CommandLine, useFlags: true, UnfoundKeys.Remove, [], escape: true, outputContext: false);
        var configFiles = new Dictionary<string, string>();
        foreach (var output in descriptor.Outputs)
        {
            if (output.FileTemplate is { } lines && outputs.ContainsKey(output.Id))
            {
                configFiles[output.Id] = string.Join('\n', lines.Select(line =>
                    renderer.Render(line, useFlags: false, UnfoundKeys.Clear, output.StrippedExtensions, escape: true, outputContext: false)));
            }
        }

        return new Simulation(commandLine, PlainArgv.Split(commandLine), outputs, configFiles, Environment(descriptor, inputs), effective);
    }

    // A value that is exactly an input's value-key takes that input's raw value; when that input has no value the
    // variable is left out (bosh crashes with a KeyError).
    private static Dictionary<string, string> Environment(BoutiquesDescriptor descriptor, Dictionary<string, JsonNode?> inputs)
    {
        var environment = new Dictionary<string, string>();
        foreach (var variable in descriptor.EnvironmentVariables)
        {
            var source = descriptor.Inputs.FirstOrDefault(i => i.ValueKey == variable.Value);
            if (source is null)
            {
                environment[variable.Name] = variable.Value;
            }
            else if (inputs.TryGetValue(source.Id, out var value))
            {
                environment[variable.Name] = PythonText.Str(value);
            }
        }

        return environment;
    }
}
