using VipAgent.Planner.Binding;

namespace VipAgent.Planner.Tests;

public sealed class NumberReaderTests
{
    [Theory]
    [InlineData("shoot 1e8 primaries", 1e8)]
    [InlineData("it is 100 million primaries", 1e8)]
    [InlineData("about 10k events", 10_000)]
    [InlineData("5,000 chest X-rays", 5000)]
    [InlineData("split it fifty ways", 50)]
    [InlineData("twenty five subjects", 25)]
    [InlineData("slices of 2.5 mm", 2.5)]
    [InlineData("a single job", 1)]
    public void Reads_numbers_as_researchers_write_them(string text, double expected)
    {
        new GoalText(text).Numbers.Select(n => n.Value).ShouldContain(expected);
    }

    [Fact]
    public void Does_not_read_versions_or_labels_as_numbers()
    {
        new GoalText("GATE 9.4.1 on sub-01 and P012").Numbers.ShouldBeEmpty();
    }
}
