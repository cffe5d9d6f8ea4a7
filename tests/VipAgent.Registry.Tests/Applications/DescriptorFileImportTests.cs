using System.Security.Cryptography;
using System.Text.Json.Nodes;
using VipAgent.Registry.Applications;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Applications;

/// <summary>An ONNX descriptor's model file is part of the application version: hashed at import, recorded, never silently swapped.</summary>
public sealed class DescriptorFileImportTests(PostgresFixture postgres)
{
    private static readonly string OnnxDescriptor = RegistryScenario.ToyDescriptor
        .Replace("\"name\":\"toy_bet\"", "\"name\":\"toy_unet\"", StringComparison.Ordinal)
        .Replace("\"schema-version\":\"0.5\",", "\"schema-version\":\"0.5\",\"custom\":{\"vipagent:runtime\":\"onnx\",\"vipagent:model\":\"models/unet.onnx\"},", StringComparison.Ordinal);

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string WriteApp(string folder, string model)
    {
        Directory.CreateDirectory(Path.Combine(folder, "models"));
        File.WriteAllText(Path.Combine(folder, "models", "unet.onnx"), model);
        var descriptor = Path.Combine(folder, "toy_unet.json");
        File.WriteAllText(descriptor, OnnxDescriptor);
        return descriptor;
    }

    [Fact]
    public async Task Records_the_sha256_of_each_catalog_model_with_its_descriptor()
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = SharedData.Require("evals", "catalog");
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(DescriptorFileImportTests));

        var outcomes = await registry.Importer.ImportAsync([catalog], "alice", null, ct);

        outcomes.ShouldAllBe(o => o.Status == ImportStatus.Imported);
        var brain = (await new ApplicationCatalog(registry.Store).FindAsync("BrainExtractionNet", ct))!.Versions.Single();
        var model = Path.Combine(catalog, "models", "brain-extraction-unet-1.0.onnx");
        brain.Files.ShouldHaveSingleItem().ShouldBe(new DescriptorFile("vipagent:model", "models/brain-extraction-unet-1.0.onnx", Sha256Of(model), new FileInfo(model).Length));
        var events = await registry.EventsAsync("applications/CTOrganSeg", ct);
        events.Select(e => e.Data.GetType().Name).ShouldBe(["ApplicationRegistered", "DescriptorPublished", "DescriptorFileAttached"]);
        events[2].Data.ShouldBeOfType<DescriptorFileAttached>().Sha256.ShouldBe(Sha256Of(Path.Combine(catalog, "models", "ct-organ-seg-0.9.onnx")));
        (await registry.Auditor.VerifyAsync(null, null, ct)).IsClean.ShouldBeTrue();
    }

    [Fact]
    public async Task Refuses_the_same_version_with_a_different_model_and_accepts_it_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(DescriptorFileImportTests));
        var descriptor = WriteApp(Path.Combine(registry.Folder, "app"), "weights v1");
        (await registry.Importer.ImportAsync([descriptor], "alice", null, ct)).Single().Status.ShouldBe(ImportStatus.Imported);

        var again = (await registry.Importer.ImportAsync([descriptor], "alice", null, ct)).Single();
        File.WriteAllText(Path.Combine(registry.Folder, "app", "models", "unet.onnx"), "weights v2, retrained");
        var swapped = (await registry.Importer.ImportAsync([descriptor], "alice", null, ct)).Single();

        again.Status.ShouldBe(ImportStatus.Unchanged);
        swapped.Status.ShouldBe(ImportStatus.Rejected);
        swapped.Reasons.Single().ShouldContain("toy_unet 1.0 is already published with other referenced files");
        swapped.Reasons.Single().ShouldContain("new tool-version");
        (await registry.EventsAsync("applications/toy_unet", ct)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Refuses_a_descriptor_whose_model_is_missing_or_that_comes_without_its_folder_recording_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(DescriptorFileImportTests));
        var descriptor = WriteApp(Path.Combine(registry.Folder, "app"), "weights");
        File.Delete(Path.Combine(registry.Folder, "app", "models", "unet.onnx"));

        var missing = (await registry.Importer.ImportAsync([descriptor], "alice", null, ct)).Single();
        var asText = await registry.Importer.ImportJsonAsync("upload", OnnxDescriptor, "alice", ct);

        missing.Status.ShouldBe(ImportStatus.Rejected);
        missing.Reasons.Single().ShouldStartWith("custom.vipagent:model names 'models/unet.onnx', which does not exist beside the descriptor");
        asText.Reasons.Single().ShouldStartWith("custom.vipagent:model names the file 'models/unet.onnx': import the descriptor from its file");
        (await registry.EventsAsync("applications/toy_unet", ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_check_added_by_the_host_rejects_the_import_with_its_problems()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(DescriptorFileImportTests));
        var descriptor = WriteApp(Path.Combine(registry.Folder, "app"), "weights");
        string? seenFolder = null;
        var importer = new ApplicationImporter(registry.Store, registry.Clock, [(JsonNode d, string? folder) =>
        {
            seenFolder = folder;
            return d["custom"]?["vipagent:model"] is null ? [] : ["the model takes 2 channels, the descriptor feeds 1"];
        }]);

        var outcome = (await importer.ImportAsync([descriptor], "alice", null, ct)).Single();

        outcome.Status.ShouldBe(ImportStatus.Rejected);
        outcome.Reasons.ShouldBe(["the model takes 2 channels, the descriptor feeds 1"]);
        seenFolder.ShouldBe(Path.Combine(registry.Folder, "app"));
        (await registry.EventsAsync("applications/toy_unet", ct)).ShouldBeEmpty();
    }
}
