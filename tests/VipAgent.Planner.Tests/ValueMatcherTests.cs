using System.Text.Json.Nodes;
using VipAgent.Evals.Scoring;

namespace VipAgent.Planner.Tests;

public sealed class ValueMatcherTests
{
    [Theory]
    [InlineData("100000000", "1e8", true)]
    [InlineData("\"sim.zip\"", "\"/data/in/sim.zip\"", true)]
    [InlineData("[\"a.nii\", \"b.nii\"]", "[\"b.nii\", \"a.nii\"]", true)]
    [InlineData("[\"a.nii\", \"b.nii\"]", "[\"a.nii\"]", false)]
    [InlineData("{\"oneOf\": [\"HC001\", \"sub-HC001\"]}", "\"sub-HC001\"", true)]
    [InlineData("{\"approx\": 0.5, \"rel\": 0.01}", "0.504", true)]
    [InlineData("{\"approx\": 0.5, \"rel\": 0.01}", "0.6", false)]
    [InlineData("{\"present\": true}", "\"x\"", true)]
    [InlineData("{\"absent\": true}", "\"x\"", false)]
    [InlineData("\"main.mac\"", "\"macro\"", false)]
    public void Matches_values_as_the_evals_readme_defines(string expected, string actual, bool matches)
    {
        ValueMatcher.Matches(JsonNode.Parse(expected), JsonNode.Parse(actual)).ShouldBe(matches);
    }

    [Fact]
    public void An_unbound_input_matches_only_absent()
    {
        ValueMatcher.Matches(JsonNode.Parse("{\"absent\": true}"), null).ShouldBeTrue();
        ValueMatcher.Matches(JsonNode.Parse("\"x\""), null).ShouldBeFalse();
    }
}
