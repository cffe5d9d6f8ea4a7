using VipAgent.Registry.Applications;

namespace VipAgent.Registry.Tests.Applications;

public sealed class ApplicationDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static PublishDescriptor Publish(string version, string sha) =>
        new("fsl_bet", version, sha, $"{{\"name\":\"fsl_bet\",\"tool-version\":\"{version}\"}}", "mcin/fsl:6", "alice", Now);

    private static ApplicationCatalogEntry? Given(params object[] events) => events.Aggregate(default(ApplicationCatalogEntry), ApplicationHistory.Evolve);

    [Fact]
    public void A_new_application_is_registered_and_its_first_version_published()
    {
        var decision = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));

        decision.Status.ShouldBe(ImportStatus.Imported);
        decision.Events.Count.ShouldBe(2);
        decision.Events[0].ShouldBe(new ApplicationRegistered("fsl_bet", "alice", Now));
        decision.Events[1].ShouldBeOfType<DescriptorPublished>().DescriptorSha256.ShouldBe(new string('a', 64));
    }

    [Fact]
    public void Publishing_the_same_bytes_again_changes_nothing()
    {
        var first = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));

        var again = ApplicationDecisions.Decide(Given([.. first.Events]), Publish("6.0", new string('a', 64)));

        again.Status.ShouldBe(ImportStatus.Unchanged);
        again.Events.ShouldBeEmpty();
    }

    [Fact]
    public void Different_bytes_under_a_published_version_are_refused_with_both_hashes()
    {
        var first = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));

        var changed = ApplicationDecisions.Decide(Given([.. first.Events]), Publish("6.0", new string('b', 64)));

        changed.Status.ShouldBe(ImportStatus.Rejected);
        changed.Events.ShouldBeEmpty();
        changed.Reason!.ShouldContain("fsl_bet 6.0 is already published");
        changed.Reason!.ShouldContain("aaaaaaaaaaaa");
        changed.Reason!.ShouldContain("bbbbbbbbbbbb");
        changed.Reason!.ShouldContain("new tool-version");
    }

    [Fact]
    public void A_changed_descriptor_under_a_new_version_is_published_beside_the_old_one()
    {
        var first = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));

        var next = ApplicationDecisions.Decide(Given([.. first.Events]), Publish("6.1", new string('b', 64)));

        next.Status.ShouldBe(ImportStatus.Imported);
        Given([.. first.Events, .. next.Events])!.Versions.Select(v => v.ToolVersion).ShouldBe(["6.0", "6.1"]);
    }

    [Fact]
    public void A_deprecated_application_accepts_no_new_version()
    {
        var first = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));
        var deprecated = new ApplicationDeprecated("fsl_bet", "superseded by fsl_bet2", "admin", Now);

        var next = ApplicationDecisions.Decide(Given([.. first.Events, deprecated]), Publish("6.1", new string('b', 64)));

        next.Status.ShouldBe(ImportStatus.Rejected);
        next.Reason!.ShouldContain("superseded by fsl_bet2");
    }

    [Fact]
    public void Deprecating_twice_records_it_once()
    {
        var first = ApplicationDecisions.Decide(Given(), Publish("6.0", new string('a', 64)));
        var command = new DeprecateApplication("fsl_bet", "old", "admin", Now);

        var once = ApplicationDecisions.Decide(Given([.. first.Events]), command);
        var twice = ApplicationDecisions.Decide(Given([.. first.Events, .. once]), command);

        once.Count.ShouldBe(1);
        twice.ShouldBeEmpty();
    }

    [Fact]
    public void The_catalog_entry_summarises_description_tags_and_inputs()
    {
        const string descriptor = """{"name":"bet","tool-version":"1","description":"Brain extraction","tags":{"domain":["neuro","mri"],"gpu":true},"inputs":[{"id":"in","type":"File"},{"id":"f","type":"Number","optional":true}]}""";

        var entry = Given(new ApplicationRegistered("bet", "alice", Now), new DescriptorPublished("bet", "1", "x", descriptor, null, "alice", Now))!;

        entry.Description.ShouldBe("Brain extraction");
        entry.Tags.ShouldBe(["domain:neuro", "domain:mri", "gpu"]);
        entry.Versions.Single().Inputs.ShouldBe(["in (File)", "f (Number, optional)"]);
    }
}
