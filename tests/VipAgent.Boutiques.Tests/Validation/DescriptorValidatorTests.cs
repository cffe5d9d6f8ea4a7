using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Tests.Validation;

public sealed class DescriptorValidatorTests
{
    private const string Valid = """
        {
          "name": "tool", "tool-version": "1", "description": "d", "schema-version": "0.5",
          "command-line": "tool [IN] [OPT] [FLAG] [OUT]",
          "inputs": [
            { "id": "in", "name": "in", "type": "File", "value-key": "[IN]" },
            { "id": "opt", "name": "opt", "type": "String", "value-key": "[OPT]", "optional": true, "value-choices": ["a", "b"] },
            { "id": "flag", "name": "flag", "type": "Flag", "value-key": "[FLAG]", "command-line-flag": "-f", "optional": true }
          ],
          "output-files": [
            { "id": "out", "name": "out", "value-key": "[OUT]", "path-template": "[IN].out" }
          ]
        }
        """;

    private static IReadOnlyList<DescriptorProblem> ValidateWith(Action<JsonObject> change)
    {
        var descriptor = JsonNode.Parse(Valid)!.AsObject();
        change(descriptor);
        return DescriptorValidator.Validate(descriptor);
    }

    private static JsonObject Input(JsonObject d, int i) => d["inputs"]![i]!.AsObject();

    [Fact]
    public void Accepts_a_valid_descriptor() => ValidateWith(_ => { }).ShouldBeEmpty();

    [Fact]
    public void Reports_every_schema_problem_at_once_with_its_path()
    {
        var problems = ValidateWith(d =>
        {
            d.Remove("tool-version");
            Input(d, 0)["type"] = "Integer";
            d["output-files"]![0]!["command-line-key"] = "[X]";
        });

        problems.Select(p => p.Path).ShouldBe(["$.tool-version", "$.inputs[0].type", "$.output-files[0].command-line-key"], ignoreOrder: true);
        problems.Single(p => p.Path.EndsWith("command-line-key", StringComparison.Ordinal)).Message.ShouldContain("0.4 name of 'value-key'");
    }

    [Fact]
    public void Rejects_an_output_with_both_templates() =>
        ValidateWith(d => d["output-files"]![0]!["conditional-path-template"] = new JsonArray(new JsonObject { ["default"] = "x" }))
            .ShouldHaveSingleItem().Message.ShouldContain("not both");

    [Theory]
    [InlineData("in", "value-key", "[NOWHERE]", "appears nowhere")]
    [InlineData("opt", "id", "in", "used 2 times")]
    [InlineData("opt", "default-value", "c", "not one of its value-choices")]
    [InlineData("flag", "optional", false, "has to be optional")]
    [InlineData("opt", "requires-inputs", "ghost", "not an input or group")]
    [InlineData("in", "requires-inputs", "opt", "cannot require or disable")]
    public void Rejects_semantic_mistakes_with_a_sentence(string input, string field, object value, string expected)
    {
        var problems = ValidateWith(d =>
        {
            var target = d["inputs"]!.AsArray().OfType<JsonObject>().First(i => i["id"]!.GetValue<string>() == input);
            target[field] = value switch
            {
                bool b => JsonValue.Create(b),
                string s when field.EndsWith("-inputs", StringComparison.Ordinal) => new JsonArray(s),
                string s => JsonValue.Create(s),
                _ => null,
            };
        });

        problems.ShouldContain(p => p.Message.Contains(expected, StringComparison.Ordinal), string.Join("\n", problems));
    }

    [Fact]
    public void Rejects_inputs_sharing_a_value_key_outside_a_mutually_exclusive_group()
    {
        ValidateWith(d => Input(d, 1)["value-key"] = "[IN]").ShouldContain(p => p.Message.Contains("share a value-key", StringComparison.Ordinal));
        ValidateWith(d =>
        {
            Input(d, 1)["value-key"] = "[IN]";
            Input(d, 0)["optional"] = true;
            d["groups"] = JsonNode.Parse("""[{ "id": "g", "name": "g", "members": ["in", "opt"], "mutually-exclusive": true }]""");
        }).ShouldBeEmpty();
    }

    [Fact]
    public void Rejects_a_mutually_exclusive_group_with_a_required_member() =>
        ValidateWith(d => d["groups"] = JsonNode.Parse("""[{ "id": "g", "name": "g", "members": ["in", "opt"], "mutually-exclusive": true }]"""))
            .ShouldHaveSingleItem().Message.ShouldBe("Group 'g' is mutually-exclusive and cannot have a required member, such as 'in'.");

    [Fact]
    public void Rejects_a_condition_naming_an_unknown_id_or_comparing_different_types()
    {
        var problems = ValidateWith(d => d["output-files"] = JsonNode.Parse("""
            [{ "id": "out", "name": "out", "value-key": "[OUT]", "conditional-path-template": [
                { "bob and flag": "a" }, { "in > 3": "b" }, { "opt == \"a\"": "c" }, { "default": "d" } ] }]
            """));

        problems.Select(p => p.Path).ShouldBe(["$.output-files[0].conditional-path-template[0]", "$.output-files[0].conditional-path-template[1]"]);
        problems[0].Message.ShouldContain("\"bob\"");
    }

    [Fact]
    public void Rejects_a_container_image_whose_index_prefix_contradicts_the_index() =>
        ValidateWith(d => d["container-image"] = JsonNode.Parse("""{ "type": "docker", "image": "docker://x/y", "index": "shub://" }"""))
            .ShouldHaveSingleItem().Path.ShouldBe("$.container-image.image");

    [Fact]
    public void Rejects_what_is_not_a_json_object() =>
        BoutiquesEngine.Validate("[1, 2").ShouldHaveSingleItem().Message.ShouldStartWith("The descriptor is not valid JSON");
}
