using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>Resources, resource templates, completion and the design_experiment prompt, through the SDK's client.</summary>
public sealed class McpResourceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-mcpres-").FullName;
    private McpHarness _mcp = null!;

    public async ValueTask InitializeAsync()
    {
        _mcp = await McpHarness.StartAsync(await postgres.CreateDatabaseAsync(nameof(McpResourceTests)), Path.Combine(_folder, "data"));
        await _mcp.ImportAsync(RecordedExecutions.CopyDescriptor);
        await _mcp.ImportAsync(RecordedExecutions.CopyDescriptor.Replace("\"1.0\"", "\"2.0\""));
    }

    [Fact]
    public async Task Templates_name_descriptors_and_executions()
    {
        var templates = await _mcp.Client.ListResourceTemplatesAsync(cancellationToken: TestContext.Current.CancellationToken);

        templates.Select(t => t.UriTemplate).ShouldBe(["vip://applications/{name}/{version}", "vip://executions/{id}"], ignoreOrder: true);
    }

    [Fact]
    public async Task Reading_a_descriptor_resource_gives_the_published_version_exactly()
    {
        var ct = TestContext.Current.CancellationToken;
        var v1 = await _mcp.Client.ReadResourceAsync("vip://applications/copy/1.0", cancellationToken: ct);
        var v2 = await _mcp.Client.ReadResourceAsync("vip://applications/copy/2.0", cancellationToken: ct);

        var text = v1.Contents.OfType<TextResourceContents>().Single();
        text.MimeType.ShouldBe("application/json");
        JsonDocument.Parse(text.Text).RootElement.GetProperty("tool-version").GetString().ShouldBe("1.0");
        JsonDocument.Parse(v2.Contents.OfType<TextResourceContents>().Single().Text).RootElement.GetProperty("tool-version").GetString().ShouldBe("2.0");
        await Should.ThrowAsync<Exception>(() => _mcp.Client.ReadResourceAsync("vip://applications/copy/9.9", cancellationToken: ct).AsTask());
    }

    [Fact]
    public async Task Reading_an_execution_resource_gives_its_status_and_timeline_in_order()
    {
        var id = await RecordedExecutions.PlannedAsync(_mcp.Get<ExecutionRecorder>(), "local-user");

        var read = await _mcp.Client.ReadResourceAsync($"vip://executions/{id}", cancellationToken: TestContext.Current.CancellationToken);

        var json = JsonDocument.Parse(read.Contents.OfType<TextResourceContents>().Single().Text).RootElement;
        json.GetProperty("execution").GetProperty("status").GetString().ShouldBe("approved");
        var timeline = json.GetProperty("timeline").EnumerateArray().Select(l => l.GetString()!).ToList();
        timeline.Count.ShouldBe(2);
        timeline[0].ShouldContain("planned by local-user");
        timeline[1].ShouldContain("approved");
    }

    [Fact]
    public async Task Completion_offers_application_names_their_versions_and_execution_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await RecordedExecutions.PlannedAsync(_mcp.Get<ExecutionRecorder>(), "local-user");
        var application = new ResourceTemplateReference { Uri = "vip://applications/{name}/{version}" };

        var names = await _mcp.Client.CompleteAsync(application, "name", "co", cancellationToken: ct);
        var none = await _mcp.Client.CompleteAsync(application, "name", "zz", cancellationToken: ct);
        var versions = await _mcp.Client.CompleteAsync(new CompleteRequestParams
        {
            Ref = application,
            Argument = new Argument { Name = "version", Value = "" },
            Context = new CompleteContext { Arguments = new Dictionary<string, string> { ["name"] = "copy" } },
        }, ct);
        var ids = await _mcp.Client.CompleteAsync(new ResourceTemplateReference { Uri = "vip://executions/{id}" }, "id", id.ToString()[..8], cancellationToken: ct);

        names.Completion.Values.ShouldBe(["copy"]);
        none.Completion.Values.ShouldBeEmpty();
        versions.Completion.Values.ShouldBe(["2.0", "1.0"]);
        ids.Completion.Values.ShouldContain(id.ToString());
    }

    [Fact]
    public async Task The_design_experiment_prompt_carries_the_goal_and_the_approval_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var prompts = await _mcp.Client.ListPromptsAsync(cancellationToken: ct);
        var prompt = await _mcp.Client.GetPromptAsync("design_experiment", new Dictionary<string, object?> { ["goal"] = "skull-strip 40 T1 images", ["sensitive"] = true }, cancellationToken: ct);

        prompts.Single().Name.ShouldBe("design_experiment");
        var text = string.Join("\n", prompt.Messages.Select(m => m.Content).OfType<TextContentBlock>().Select(t => t.Text));
        text.ShouldContain("skull-strip 40 T1 images");
        text.ShouldContain("sensitive=true");
        text.ShouldContain("approve_plan");
        text.ShouldContain("Never submit a plan the person has not approved.");
    }

    public async ValueTask DisposeAsync()
    {
        await _mcp.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
