using VipAgent.Execution.Dirac;
using VipAgent.Testing.DiracX;

namespace VipAgent.Execution.Tests.Dirac;

public sealed class JdlTests
{
    public static TheoryData<string> HostileValues => new()
    {
        "say \"hi\"",
        "back\\slash\\\"",
        "line one\nline two; Executable = \"evil.sh\";",
        "a; b; c",
        "$(touch pwned) `touch pwned` ${HOME}",
        "]; Executable = \"x\"; [",
        "tab\there\r\nand {braces}, commas",
        Hostile.Value,
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void A_hostile_value_reads_back_exactly_and_adds_no_attribute(string value)
    {
        var text = new Jdl().Set("Executable", "vip-job.sh").Set("JobName", value).Set("Tags", [value, "GPU"]).ToString();

        var ad = ClassAd.Parse(text);

        ad.Keys.Order().ShouldBe(["Executable", "JobName", "Tags"]);
        ad["Executable"].ShouldBe("vip-job.sh");
        ad["JobName"].ShouldBe(value);
        ClassAd.Strings(ad["Tags"]).ShouldBe([value, "GPU"]);
    }

    [Theory]
    [InlineData("job %j")]
    [InlineData("100%s sure")]
    [InlineData("%n")]
    [InlineData("%(sandbox)s")]
    public void Refuses_a_value_holding_a_placeholder_DiracX_would_replace(string value)
    {
        var error = Should.Throw<ArgumentException>(() => Jdl.Quote(value));

        error.Message.ShouldContain("DiracX would replace");
    }

    [Fact]
    public void Refuses_control_characters_a_JDL_string_cannot_carry()
    {
        Should.Throw<ArgumentException>(() => Jdl.Quote("bell\a")).Message.ShouldContain("U+0007");
    }

    [Fact]
    public void Integers_are_bare_and_lists_are_braced()
    {
        var text = new Jdl().Set("CPUTime", 3600).Set("Site", ["LCG.CPPM.fr", "EGI.LPC.fr"]).Set("BannedSite", []).ToString();

        text.ShouldBe("[\n  CPUTime = 3600;\n  Site = {\"LCG.CPPM.fr\", \"EGI.LPC.fr\"};\n]");
    }

    [Fact]
    public void Refuses_an_attribute_set_twice()
    {
        Should.Throw<ArgumentException>(() => new Jdl().Set("Priority", 1).Set("priority", 2));
    }
}
