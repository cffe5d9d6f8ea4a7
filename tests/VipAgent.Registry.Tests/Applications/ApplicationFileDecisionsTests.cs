using VipAgent.Registry.Applications;

namespace VipAgent.Registry.Tests.Applications;

public sealed class ApplicationFileDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static PublishDescriptor Publish(string model) =>
        new("unet", "1.0", new string('d', 64), """{"name":"unet","tool-version":"1.0"}""", null, "alice", Now)
        {
            Files = [new DescriptorFile("vipagent:model", "models/unet.onnx", model, 340)],
        };

    private static ApplicationCatalogEntry? Given(IEnumerable<object> events) => events.Aggregate(default(ApplicationCatalogEntry), ApplicationHistory.Evolve);

    [Fact]
    public void A_version_is_published_with_its_model_file_right_after_the_descriptor()
    {
        var decision = ApplicationDecisions.Decide(null, Publish(new string('1', 64)));

        decision.Events.Select(e => e.GetType().Name).ShouldBe(["ApplicationRegistered", "DescriptorPublished", "DescriptorFileAttached"]);
        decision.Events[2].ShouldBe(new DescriptorFileAttached("unet", "1.0", "vipagent:model", "models/unet.onnx", new string('1', 64), 340, Now));
        Given(decision.Events)!.FindVersion("1.0")!.Files.ShouldHaveSingleItem().Sha256.ShouldBe(new string('1', 64));
    }

    [Fact]
    public void The_same_descriptor_with_another_model_is_refused_and_with_the_same_one_changes_nothing()
    {
        var history = ApplicationDecisions.Decide(null, Publish(new string('1', 64))).Events;

        var same = ApplicationDecisions.Decide(Given(history), Publish(new string('1', 64)));
        var swapped = ApplicationDecisions.Decide(Given(history), Publish(new string('2', 64)));

        same.Status.ShouldBe(ImportStatus.Unchanged);
        swapped.Status.ShouldBe(ImportStatus.Rejected);
        swapped.Reason!.ShouldContain("models/unet.onnx SHA-256 111111111111…; now models/unet.onnx SHA-256 222222222222…");
        swapped.Events.ShouldBeEmpty();
    }
}
