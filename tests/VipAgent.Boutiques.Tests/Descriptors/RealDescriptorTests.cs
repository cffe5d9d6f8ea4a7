using System.Text.Json.Nodes;
using VipAgent.Testing;

namespace VipAgent.Boutiques.Tests.Descriptors;

/// <summary>The 77 descriptors VIP and CBRAIN run, and the Styx-dialect ones that must be turned away.</summary>
public sealed class RealDescriptorTests
{
    public static TheoryData<string> RealDescriptors() => [.. Files("vip", "cbrain")];

    public static TheoryData<string> StyxDescriptors() => [.. Files("styx_dialect")];

    [Theory]
    [MemberData(nameof(RealDescriptors))]
    public void Real_descriptor_is_judged_as_bosh_judges_it(string file)
    {
        var root = SharedData.Require("descriptors");
        var entry = Manifest(root).Single(e => e!["file"]!.GetValue<string>() == file);
        var problems = DescriptorValidator.Validate(BoutiquesJson.Parse(File.ReadAllText(Path.Combine(root, file))));

        if (entry!["passes_bosh_validate"]!.GetValue<bool>())
        {
            problems.ShouldBeEmpty();
        }
        else
        {
            // The manifest's bosh error: ' InputError: "surf_atlas" cannot require or disable other inputs'.
            var culprit = entry["bosh_validate_error"]!.GetValue<string>().Split('"')[1];
            problems.ShouldHaveSingleItem().Message.ShouldBe($"Input '{culprit}' is required, so it cannot require or disable other inputs (make it optional or move the rule).");
        }
    }

    [Theory]
    [MemberData(nameof(StyxDescriptors))]
    public void Styx_dialect_descriptor_is_rejected_naming_the_dialect(string file)
    {
        var problems = DescriptorValidator.Validate(BoutiquesJson.Parse(File.ReadAllText(Path.Combine(SharedData.Require("descriptors"), file))));

        problems.ShouldContain(p => p.Path == "$.schema-version" && p.Message.Contains("Styx (niwrap) dialect", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Path == "$.tool-version");
    }

    [Fact]
    public void Every_descriptor_of_the_manifest_is_covered()
    {
        var root = SharedData.Require("descriptors");
        Files("vip", "cbrain").Order(StringComparer.Ordinal).ShouldBe(Manifest(root).Select(e => e!["file"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Files("vip", "cbrain").Count().ShouldBe(77);
    }

    private static JsonArray Manifest(string root) => JsonNode.Parse(File.ReadAllText(Path.Combine(root, "MANIFEST.json")))!.AsArray();

    private static IEnumerable<string> Files(params string[] folders)
    {
        if (SharedData.Root is not { } root)
        {
            return ["(../shared absent)"];
        }

        return folders.SelectMany(folder => Directory.GetFiles(Path.Combine(root, "descriptors", folder), "*.json")
            .Where(f => Path.GetFileName(f) != "MANIFEST.json")
            .Select(f => $"{folder}/{Path.GetFileName(f)}"));
    }
}
