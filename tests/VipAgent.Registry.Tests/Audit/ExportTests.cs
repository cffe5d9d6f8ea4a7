using System.Text.Json.Nodes;
using VipAgent.Registry.Audit;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Audit;

public sealed class ExportTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonArray Types(JsonNode entity) => entity["@type"] is JsonArray many ? many : [entity["@type"]!.ToString()];

    private static string Id(JsonNode? reference) => reference!["@id"]!.ToString();

    [Fact]
    public async Task The_RO_Crate_is_a_Process_Run_Crate_with_the_tool_the_run_its_files_and_their_hashes()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ExportTests));
        var (id, output) = await registry.RecordExecutionAsync(Ct);
        var crate = Path.Combine(registry.Folder, "crate");

        var written = await registry.Auditor.ExportAsync(id.ToString(), ExportFormat.RoCrate, crate, Ct);

        written.ShouldContain(Path.Combine(crate, "ro-crate-metadata.json"));
        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(crate, "ro-crate-metadata.json"), Ct))!;
        metadata["@context"]!.AsArray().Select(c => c!.ToString()).ShouldContain("https://w3id.org/ro/crate/1.1/context");
        var graph = metadata["@graph"]!.AsArray().Select(n => n!).ToDictionary(n => n["@id"]!.ToString());

        Id(graph["ro-crate-metadata.json"]["about"]).ShouldBe("./");
        Id(graph["ro-crate-metadata.json"]["conformsTo"]).ShouldBe("https://w3id.org/ro/crate/1.1");
        var root = graph["./"];
        Types(root).Select(t => t!.ToString()).ShouldContain("Dataset");
        root["name"].ShouldNotBeNull();
        root["description"].ShouldNotBeNull();
        DateTimeOffset.Parse(root["datePublished"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.MinValue);
        root["license"].ShouldNotBeNull();
        Id(root["conformsTo"]).ShouldBe("https://w3id.org/ro/wfrun/process/0.5");

        var action = graph[Id(root["mentions"]!.AsArray().Single())];
        Types(action).Select(t => t!.ToString()).ShouldContain("CreateAction");
        action["description"]!.ToString().ShouldStartWith("bet ");
        var tool = graph[Id(action["instrument"])];
        Types(tool).Select(t => t!.ToString()).ShouldContain("SoftwareApplication");
        tool["softwareVersion"]!.ToString().ShouldBe("1.0");
        File.Exists(Path.Combine(crate, Id(action["instrument"]))).ShouldBeTrue();
        var result = graph[Id(action["result"]!.AsArray().Single())];
        result["sha256"]!.ToString().ShouldBe((await VipAgent.Registry.Executions.FileHashing.HashAsync(output, Ct)).Sha256);
        action["object"]!.AsArray().Select(Id).ShouldAllBe(reference => graph.ContainsKey(reference));
        graph[Id(action["containerImage"])]["name"]!.ToString().ShouldBe("mcin/fsl");
        Id(action["actionStatus"]).ShouldBe("http://schema.org/CompletedActionStatus");
    }

    [Fact]
    public async Task The_PROV_document_links_inputs_and_outputs_to_the_run_and_the_descriptor_as_its_plan()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ExportTests));
        var (id, _) = await registry.RecordExecutionAsync(Ct);
        var folder = Path.Combine(registry.Folder, "prov");

        await registry.Auditor.ExportAsync(id.ToString(), ExportFormat.Prov, folder, Ct);

        var prov = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "prov.json"), Ct))!.AsObject();
        prov.Select(p => p.Key).ShouldBeSubsetOf(["prefix", "entity", "activity", "agent", "used", "wasGeneratedBy", "wasAssociatedWith"]);
        var run = $"vip:execution-{id}";
        prov["activity"]![run]!["prov:endTime"]!["type"]!.ToString().ShouldBe("xsd:dateTime");
        prov["used"]!.AsObject().Single().Value!["prov:activity"]!.ToString().ShouldBe(run);
        var generated = prov["wasGeneratedBy"]!.AsObject().Single().Value!;
        prov["entity"]![generated["prov:entity"]!.ToString()]!["vip:sha256"]!.ToString().Length.ShouldBe(64);
        var plan = prov["wasAssociatedWith"]!["_:assoc-service"]!["prov:plan"]!.ToString();
        prov["entity"]![plan]!["prov:type"]!.ToString().ShouldBe("prov:Plan");
        prov["agent"]!.AsObject().Select(a => a.Key).ShouldContain("vip:person-bob");
    }

    [Fact]
    public async Task Replay_prints_one_line_per_event_in_order()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ExportTests));
        var (id, _) = await registry.RecordExecutionAsync(Ct);

        var timeline = await registry.Auditor.ReplayAsync(id.ToString(), Ct);

        timeline.Count.ShouldBe(9);
        timeline[0].ShouldContain("planned by alice: toy_bet 1.0");
        timeline[1].ShouldContain("approved by bob");
        timeline[2].ShouldContain("submitted by bob");
        timeline[5].ShouldContain("job job-1 Submitted -> Running");
        timeline[8].ShouldContain("completed");
        (await registry.Auditor.ReplayAsync("toy_bet", Ct))[1].ShouldContain("toy_bet 1.0 published by alice");
    }

    [Fact]
    public async Task Exporting_or_verifying_an_unknown_execution_says_so()
    {
        await using var registry = await RegistryScenario.StartAsync(postgres, nameof(ExportTests));
        var unknown = Guid.CreateVersion7().ToString();

        (await Should.ThrowAsync<RegistryRuleException>(() => registry.Auditor.ExportAsync(unknown, ExportFormat.Prov, registry.Folder, Ct))).Message.ShouldContain("There is no stream");
        (await Should.ThrowAsync<RegistryRuleException>(() => registry.Auditor.VerifyAsync(unknown, null, Ct))).Message.ShouldContain("There is no stream");
    }
}
