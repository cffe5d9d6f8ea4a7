using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Containers;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Tests.Conformance;

/// <summary>
/// Every vector taken from bosh's own test suite, one row each. Launch-only expectations (an exit code or stdout
/// of a real docker/singularity run) are out of reach of a pure library; everything bosh computes before
/// launching is compared, byte for byte for command lines.
/// </summary>
public sealed class ConformanceVectorTests
{
    private const string Cwd = "/work/scratch";

    public static TheoryData<string> VectorIds() => [.. Vector.Ids()];

    [Theory]
    [MemberData(nameof(VectorIds))]
    public void Vector_behaves_as_bosh(string id)
    {
        var vector = Vector.Load(id);
        switch (vector.Kind)
        {
            case "descriptor-validation":
                CheckDescriptorValidation(vector);
                break;
            case "descriptor-tests":
                CheckDescriptorTests(vector);
                break;
            case "container" or "container-error":
                CheckContainer(vector);
                break;
            case "evaluate":
                CheckEvaluate(vector);
                break;
            default:
                CheckSimulation(vector);
                break;
        }
    }

    // Valid as bosh says; for semantic errors, each of bosh's error lines has a problem naming the same things.
    private static void CheckDescriptorValidation(Vector vector)
    {
        var problems = DescriptorValidator.Validate(vector.Descriptor);
        (problems.Count == 0).ShouldBe(vector.Expect["valid"]!.GetValue<bool>(), string.Join("\n", problems));
        var boshMessage = vector.Json["bosh_computed"]?["error"]?["message"]?.GetValue<string>() ?? "";
        foreach (var line in boshMessage.Split('\n').Where(l => l.Contains("Error: ", StringComparison.Ordinal) && !l.StartsWith("[ ERROR ]", StringComparison.Ordinal)))
        {
            var named = line.Split('"').Where((_, i) => i % 2 == 1).ToList();
            problems.ShouldContain(p => named.All(n => p.Message.Contains(n, StringComparison.Ordinal)), line);
        }
    }

    private static void CheckSimulation(Vector vector)
    {
        var result = BoutiquesEngine.Simulate(vector.DescriptorText, vector.InvocationText, Cwd);
        result.DescriptorProblems.ShouldBeEmpty();
        var fails = (vector.Expect["error"] is JsonObject) || vector.Expect["valid"]?.GetValue<bool>() == false;
        if (fails)
        {
            result.InvocationProblems.ShouldNotBeEmpty("bosh rejects this invocation");

            // bosh (jsonschema) names the offending input as "On instance['id']"; one of our problems names it too.
            var boshMessage = vector.Json["bosh_computed"]?["error"]?["message"]?.GetValue<string>() ?? "";
            var at = boshMessage.IndexOf("On instance['", StringComparison.Ordinal);
            if (at >= 0)
            {
                var id = boshMessage[(at + 13)..].Split('\'')[0];
                result.InvocationProblems.ShouldContain(p => p.Path.StartsWith("$." + id, StringComparison.Ordinal) || p.Message.Contains($"'{id}'", StringComparison.Ordinal));
            }

            return;
        }

        result.InvocationProblems.ShouldBeEmpty();
        Compare(result.Value!, vector.Expect);
    }

    private static void Compare(Simulation simulation, JsonObject expect)
    {
        if (expect["command_line"] is JsonValue commandLine)
        {
            simulation.CommandLine.ShouldBe(commandLine.GetValue<string>().Replace("<CWD>", Cwd, StringComparison.Ordinal));
        }

        if (expect["output_files"] is JsonObject outputs)
        {
            simulation.OutputFiles.ShouldBe(Strings(outputs), ignoreOrder: true);
        }

        if (expect["config_files"] is JsonObject configs)
        {
            simulation.ConfigFiles.ShouldBe(Strings(configs), ignoreOrder: true);
        }

        if (expect["environment"] is JsonObject environment)
        {
            simulation.Environment.ShouldBe(Strings(environment), ignoreOrder: true);
        }

        if (expect["effective_invocation"] is JsonObject effective)
        {
            CanonicalJson.Serialize(simulation.EffectiveInvocation).ShouldBe(CanonicalJson.Serialize(effective));
        }
    }

    private static Dictionary<string, string> Strings(JsonObject map) =>
        map.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>().Replace("<CWD>", Cwd, StringComparison.Ordinal));

    private static void CheckDescriptorTests(Vector vector)
    {
        DescriptorValidator.Validate(vector.Descriptor).ShouldBeEmpty();
        var tests = vector.Descriptor["tests"]!.AsArray().OfType<JsonObject>().ToDictionary(t => t["name"]!.GetValue<string>());
        foreach (var (name, expected) in vector.Expect["per_test_simulation"]!.AsObject())
        {
            var result = Simulator.Simulate(BoutiquesDescriptor.Read(vector.Descriptor), tests[name]["invocation"], Cwd);
            result.Problems.ShouldBeEmpty();
            Compare(result.Simulation!, expected!.AsObject());
        }
    }

    private static void CheckContainer(Vector vector)
    {
        var args = (vector.Expect["bosh_args"] as JsonArray ?? []).Select(a => a!.GetValue<string>()).ToList();
        var forced = args.FirstOrDefault(a => a.StartsWith("--force-", StringComparison.Ordinal))?["--force-".Length..];
        var opts = args.Select((a, i) => (a, i)).Where(p => p.a == "--container-opts").Select(p => args[p.i + 1]).ToList();
        var descriptor = BoutiquesDescriptor.Read(vector.Descriptor);
        var simulation = Simulator.Simulate(descriptor, vector.Invocation, Cwd).Simulation.ShouldNotBeNull();
        var installed = vector.Kind == "container-error" ? Array.Empty<string>() : ["docker", "singularity"];
        var result = ContainerWrapper.Wrap(descriptor, simulation, new ContainerOptions(Cwd, Cwd + "/job.sh", installed, forced, opts.Count > 0 ? opts : null));
        if (vector.Expect["error"] is JsonObject error)
        {
            result.Error.ShouldNotBeNull().ShouldContain(error["message_contains"]!.GetValue<string>());
            return;
        }

        var command = string.Join(' ', result.Command.ShouldNotBeNull().Argv);
        var contains = vector.Expect["container_command_contains"] switch { JsonArray a => a.Select(x => x!.GetValue<string>()), JsonValue v => [v.GetValue<string>()], _ => [] };
        foreach (var text in contains)
        {
            command.ShouldContain(text);
        }

        foreach (var (_, location) in vector.Expect.Where(p => p.Key.StartsWith("container_location_contains", StringComparison.Ordinal)))
        {
            var localName = location!.GetValue<string>().Split('(', ')')[1];
            result.Command.Image.ShouldEndWith("/" + localName);
        }
    }

    // bosh evaluate answers queries over the effective invocation and the output paths.
    private static void CheckEvaluate(Vector vector)
    {
        var descriptor = BoutiquesDescriptor.Read(vector.Descriptor);
        var simulation = Simulator.Simulate(descriptor, vector.Invocation, Cwd).Simulation.ShouldNotBeNull();
        var inputs = vector.Expect["evaluate"]!["inputs/"]!.AsObject();
        foreach (var input in descriptor.Inputs)
        {
            var actual = simulation.EffectiveInvocation[input.Id];
            CanonicalJson.Serialize(actual).ShouldBe(CanonicalJson.Serialize(inputs[input.Id]), input.Id);
        }

        var logfile = vector.Expect["evaluate"]!["output-files/id=logfile"]!["logfile"]!.GetValue<string>();
        simulation.OutputFiles["logfile"].ShouldBe(logfile);
    }
}
