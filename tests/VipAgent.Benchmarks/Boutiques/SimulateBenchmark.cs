using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Benchmarks.Boutiques;

/// <summary>Issue 3 target: over 50,000 command lines per second for a 20-input descriptor (invocation checks included).</summary>
[MemoryDiagnoser]
public class SimulateBenchmark
{
    private BoutiquesDescriptor _descriptor = null!;
    private JsonObject _invocation = null!;

    [GlobalSetup]
    public void Build()
    {
        var inputs = new JsonArray();
        var invocation = new JsonObject();
        var keys = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var (type, value) = (i % 5) switch
            {
                0 => ("File", (JsonNode)JsonValue.Create($"/data/sub-{i:00}/anat/T1w run {i}.nii.gz")),
                1 => ("String", JsonValue.Create($"label;{i}")),
                2 => ("Number", JsonValue.Create(i * 0.125)),
                3 => ("Flag", JsonValue.Create(i % 2 == 1)),
                _ => ("String", new JsonArray("a b", "c'd", "e")),
            };
            var input = new JsonObject { ["id"] = $"in{i}", ["name"] = $"input {i}", ["type"] = type, ["value-key"] = $"[IN{i}]", ["optional"] = i > 4 };
            if (type == "Flag" || i % 3 == 0)
            {
                input["command-line-flag"] = $"--opt{i}";
            }

            if (value is JsonArray)
            {
                input["list"] = true;
            }

            inputs.Add(input);
            invocation[$"in{i}"] = value;
            keys.Add($"[IN{i}]");
        }

        var descriptor = new JsonObject
        {
            ["name"] = "bench", ["tool-version"] = "1", ["description"] = "twenty inputs", ["schema-version"] = "0.5",
            ["command-line"] = "tool " + string.Join(' ', keys) + " [OUT] > [LOG]",
            ["inputs"] = inputs,
            ["output-files"] = JsonNode.Parse("""
                [{ "id": "out", "name": "out", "value-key": "[OUT]", "command-line-flag": "-o", "path-template": "results/[IN0]_brain.nii.gz", "path-template-stripped-extensions": [".nii.gz"] },
                 { "id": "log", "name": "log", "value-key": "[LOG]", "path-template": "results/[IN1].log" }]
                """),
        };
        _descriptor = BoutiquesDescriptor.Read(descriptor);
        _invocation = invocation;
        if (Simulator.Simulate(_descriptor, _invocation).Simulation is null)
        {
            throw new InvalidOperationException("the benchmark invocation must be valid");
        }
    }

    [Benchmark(Description = "simulate one 20-input command line")]
    public string Simulate() => Simulator.Simulate(_descriptor, _invocation).Simulation!.CommandLine;
}
