using System.Text.Json.Nodes;
using VipAgent.Boutiques.Generation;

namespace VipAgent.Boutiques.Tests.Generation;

public sealed class FormattingTests
{
    [Theory]
    [InlineData("1e-05", "1e-05")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1.0", "1.0")]
    [InlineData("1", "1")]
    [InlineData("13.37", "13.37")]
    [InlineData("-0.195", "-0.195")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("1e16", "1e+16")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("123456789012345678", "123456789012345678")]
    [InlineData("1.5e-07", "1.5e-07")]
    [InlineData("0.1", "0.1")]
    [InlineData("2.5e+20", "2.5e+20")]
    [InlineData("true", "True")]
    public void Renders_json_values_as_python_str_does(string json, string expected) =>
        PythonText.Str(JsonNode.Parse(json)).ShouldBe(expected);

    [Theory]
    [InlineData("plain/path-1.nii.gz", "plain/path-1.nii.gz")]
    [InlineData("a_b@c%d+e=f:g,h", "a_b@c%d+e=f:g,h")]
    [InlineData("coin;plop", "'coin;plop'")]
    [InlineData("it's", "'it'\"'\"'s'")]
    [InlineData("", "''")]
    [InlineData("x y", "'x y'")]
    [InlineData("é", "'é'")]
    public void Quotes_values_as_python_shlex_quote_does(string value, string expected) =>
        ShellQuote.Quote(value).ShouldBe(expected);

    [Fact]
    public void Canonical_form_ignores_layout_and_key_order_but_keeps_reals_real()
    {
        var a = CanonicalJson.Serialize("""{ "b": 1.0, "a": [1, 1e-5], "c": "é" }""");
        var b = CanonicalJson.Serialize("""{"c":"é","a":[1,0.00001],"b":1.0}""");

        a.ShouldBe("""{"a":[1,1e-05],"b":1.0,"c":"é"}""");
        CanonicalJson.Sha256Hex(a).ShouldBe(CanonicalJson.Sha256Hex(b));
    }

    [Fact]
    public void Plain_argv_is_refused_when_the_command_line_needs_a_shell()
    {
        PlainArgv.Split("tool 'a b' --x=1").ShouldBe(["tool", "a b", "--x=1"]);
        PlainArgv.Split("tool a && other").ShouldBeNull();
        PlainArgv.Split("tool a > log.txt").ShouldBeNull();
        PlainArgv.Split("tool out/*.nii").ShouldBeNull();
        PlainArgv.Split("tool $HOME").ShouldBeNull();
        PlainArgv.Split("X=1 tool").ShouldBeNull();
        PlainArgv.Split("tool \"$(id)\"").ShouldBeNull();
    }
}
