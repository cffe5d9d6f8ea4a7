using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Tests.Retrieval;

public sealed class StemmerAndThesaurusTests
{
    [Theory]
    [InlineData("merge", "merger")]
    [InlineData("merges", "merging")]
    [InlineData("simulate", "simulation")]
    [InlineData("simulated", "simulations")]
    [InlineData("segmentation", "segment")]
    [InlineData("volumes", "volume")]
    [InlineData("lesions", "lesion")]
    [InlineData("stripping", "strip")]
    public void Brings_the_forms_of_one_word_together(string one, string other) =>
        Stemmer.Stem(one).ShouldBe(Stemmer.Stem(other));

    [Theory]
    [InlineData("fid")]
    [InlineData("t1w")]
    [InlineData("3d")]
    public void Leaves_short_words_and_words_with_digits_alone(string word) =>
        Stemmer.Stem(word).ShouldBe(word);

    [Fact]
    public void Keeps_different_words_apart() =>
        Stemmer.Stem("lesion").ShouldNotBe(Stemmer.Stem("less"));

    [Fact]
    public void Expands_a_phrase_to_its_equivalents_and_nothing_else()
    {
        var thesaurus = new Thesaurus([["skull strip", "brain extraction"], ["merge", "combine"]]);

        var added = thesaurus.Expand(Words.StemSequence("Skull-stripping of my T1 volumes"));

        added.ShouldBe(["brain", "extract"]);
    }

    [Fact]
    public void Ships_a_thesaurus_that_knows_echography_is_ultrasound() =>
        Thesaurus.Default.Expand(Words.StemSequence("echography of the liver")).ShouldContain(Stemmer.Stem("ultrasound"));
}
