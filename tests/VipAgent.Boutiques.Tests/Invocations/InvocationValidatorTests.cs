using System.Text.Json.Nodes;
using VipAgent.Boutiques.Invocations;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Tests.Invocations;

public sealed class InvocationValidatorTests
{
    private static readonly BoutiquesDescriptor Tool = BoutiquesDescriptor.Read(JsonNode.Parse("""
        {
          "name": "tool", "tool-version": "1", "description": "d", "schema-version": "0.5",
          "command-line": "tool [IN] [N] [K] [L] [C] [F] [G] [A] [B] [D]",
          "inputs": [
            { "id": "in", "name": "in", "type": "File", "value-key": "[IN]" },
            { "id": "n", "name": "n", "type": "Number", "value-key": "[N]", "optional": true, "minimum": 0, "exclusive-minimum": true, "maximum": 1 },
            { "id": "k", "name": "k", "type": "Number", "integer": true, "value-key": "[K]", "optional": true, "default-value": 3 },
            { "id": "l", "name": "l", "type": "String", "list": true, "value-key": "[L]", "optional": true, "min-list-entries": 1, "max-list-entries": 2 },
            { "id": "c", "name": "c", "type": "String", "value-key": "[C]", "optional": true, "value-choices": ["x", "y"] },
            { "id": "f", "name": "f", "type": "Flag", "command-line-flag": "-f", "value-key": "[F]", "optional": true, "requires-inputs": ["c"], "disables-inputs": ["n"] },
            { "id": "g", "name": "g", "type": "Flag", "command-line-flag": "-g", "value-key": "[G]", "optional": true },
            { "id": "a", "name": "a", "type": "String", "value-key": "[A]", "optional": true },
            { "id": "b", "name": "b", "type": "String", "value-key": "[B]", "optional": true },
            { "id": "d", "name": "d", "type": "String", "value-key": "[D]", "optional": true }
          ],
          "groups": [
            { "id": "ab", "name": "ab", "members": ["a", "b"], "mutually-exclusive": true, "one-is-required": true },
            { "id": "gd", "name": "gd", "members": ["g", "d"], "all-or-none": true }
          ]
        }
        """)!.AsObject());

    private static IReadOnlyList<DescriptorProblem> Check(string invocation) => InvocationValidator.Check(Tool, JsonNode.Parse(invocation)).Problems;

    [Fact]
    public void Accepts_a_complete_invocation_and_applies_defaults()
    {
        var result = InvocationValidator.Check(Tool, JsonNode.Parse("""{ "in": "a.nii", "a": "z", "k": null }"""));

        result.Problems.ShouldBeEmpty();
        result.Effective["k"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public void Rejects_invocation_when_required_input_is_missing() =>
        Check("""{ "a": "z" }""").ShouldHaveSingleItem().ShouldBe(new DescriptorProblem("$.in", "The required input 'in' is missing."));

    [Fact]
    public void Rejects_unknown_inputs() =>
        Check("""{ "in": "i", "a": "z", "typo": 1 }""").ShouldHaveSingleItem().Path.ShouldBe("$.typo");

    [Theory]
    [InlineData("""{ "in": 3, "a": "z" }""", "$.in")]
    [InlineData("""{ "in": "i", "a": "z", "k": 2.5 }""", "$.k")]
    [InlineData("""{ "in": "i", "a": "z", "k": 1.0 }""", "$.k")]
    [InlineData("""{ "in": "i", "a": "z", "n": 0 }""", "$.n")]
    [InlineData("""{ "in": "i", "a": "z", "n": 1.001 }""", "$.n")]
    [InlineData("""{ "in": "i", "a": "z", "l": [] }""", "$.l")]
    [InlineData("""{ "in": "i", "a": "z", "l": ["1", "2", "3"] }""", "$.l")]
    [InlineData("""{ "in": "i", "a": "z", "l": "one" }""", "$.l")]
    [InlineData("""{ "in": "i", "a": "z", "c": "w" }""", "$.c")]
    [InlineData("""{ "in": "i", "a": "z", "g": "yes" }""", "$.g")]
    [InlineData("""{ "in": "i", "a": "z", "f": true }""", "$.f")]
    [InlineData("""{ "in": "i", "a": "z", "c": "x", "f": true, "n": 0.5 }""", "$.n")]
    [InlineData("""{ "in": "i", "a": "z", "b": "z" }""", "$.b")]
    [InlineData("""{ "in": "i" }""", "$")]
    public void Rejects_invalid_values_with_the_path_of_the_culprit(string invocation, string path) =>
        Check(invocation).ShouldHaveSingleItem().Path.ShouldBe(path);

    [Theory]
    [InlineData("""{ "in": "i", "a": "z", "n": 0.001 }""")]
    [InlineData("""{ "in": "i", "a": "z", "n": 1 }""")]
    [InlineData("""{ "in": "i", "a": "z", "f": false, "n": 0.5 }""")]
    [InlineData("""{ "in": "i", "a": "z", "c": "x", "f": true }""")]
    [InlineData("""{ "in": "i", "a": "z", "g": true }""")]
    public void Accepts_values_on_the_right_side_of_each_rule(string invocation) =>
        Check(invocation).ShouldBeEmpty();

    [Fact]
    public void Reports_every_problem_at_once() =>
        Check("""{ "k": 2.5, "c": "w", "extra": 1 }""").Select(p => p.Path).ShouldBe(["$.extra", "$.in", "$.k", "$.c", "$"], ignoreOrder: true);

    [Fact]
    public void Accepts_values_built_in_code_as_well_as_parsed_ones()
    {
        var invocation = new JsonObject { ["in"] = "a.nii", ["a"] = "z", ["n"] = 0.5, ["k"] = 7, ["l"] = new JsonArray("p") };

        var result = VipAgent.Boutiques.Generation.Simulator.Simulate(Tool, invocation);

        result.Problems.ShouldBeEmpty();
        result.Simulation!.CommandLine.ShouldBe("tool a.nii 0.5 7 p z");
    }
}
