using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using VipAgent.Registry.Executions;
using VipAgent.Testing;
using VipAgent.Tools.Access;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>
/// Every tool over HTTP × {no key, revoked key, researcher A, researcher B, auditor, admin}: keys are checked at the
/// door, nothing leaks across researchers, an auditor reads and verifies but never changes anything.
/// </summary>
public sealed class McpAuthorizationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] AllTools =
        ["search_applications", "get_application", "validate_invocation", "plan_experiment", "approve_plan", "submit_plan",
         "get_execution", "list_executions", "cancel_execution", "get_results", "verify_execution", "export_provenance"];

    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-mcpauth-").FullName;
    private readonly Dictionary<string, string> _keys = [];
    private McpHttpHarness _http = null!;
    private Guid _aliceDone;
    private Guid _bobDone;
    private string _input = "";

    public async ValueTask InitializeAsync()
    {
        _http = await McpHttpHarness.StartAsync(await postgres.CreateDatabaseAsync(nameof(McpAuthorizationTests)), Path.Combine(_folder, "data"));
        var outcome = await _http.Registry<VipAgent.Registry.Applications.ApplicationImporter>().ImportJsonAsync("test", RecordedExecutions.CopyDescriptor, "tester", CancellationToken.None);
        outcome.Status.ShouldBe(VipAgent.Registry.Applications.ImportStatus.Imported);
        var keys = _http.Get<ApiKeyStore>();
        foreach (var (name, user, role) in new[] { ("alice", "alice", CallerRole.Researcher), ("bob", "bob", CallerRole.Researcher), ("auditor", "audrey", CallerRole.Auditor), ("admin", "ada", CallerRole.Admin), ("revoked", "alice", CallerRole.Admin) })
        {
            var (stored, key) = await keys.CreateAsync(user, role, "tests", CancellationToken.None);
            _keys[name] = key;
            if (name == "revoked")
            {
                (await keys.RevokeAsync(stored.Id, CancellationToken.None)).ShouldBeTrue();
            }
        }

        _input = Path.Combine(_folder, "scan.txt");
        await File.WriteAllTextAsync(_input, "scan\n");
        _aliceDone = await CompletedAsync("alice");
        _bobDone = await CompletedAsync("bob");
    }

    [Fact]
    public async Task Without_a_valid_key_every_tool_call_is_refused_with_401_before_it_runs()
    {
        foreach (var tool in AllTools)
        {
            var call = new { jsonrpc = "2.0", id = 1, method = "tools/call", @params = new { name = tool, arguments = new { } } };
            (await _http.PostAsync(call, null)).ShouldBe(401, $"{tool} without a key");
            (await _http.PostAsync(call, $"Bearer {_keys["revoked"]}")).ShouldBe(401, $"{tool} with a revoked key");
            (await _http.PostAsync(call, "Bearer vip_not-a-key")).ShouldBe(401, $"{tool} with an unknown key");
        }

        await Should.ThrowAsync<Exception>(() => _http.ConnectAsync(_keys["revoked"]));
    }

    [Fact]
    public async Task The_apikey_header_is_accepted_like_a_bearer_token()
    {
        await using var client = await _http.ConnectAsync(_keys["alice"], apikeyHeader: true);

        var result = await client.CallToolAsync("get_execution", new Dictionary<string, object?> { ["executionId"] = _aliceDone.ToString() }, cancellationToken: TestContext.Current.CancellationToken);

        (result.IsError ?? false).ShouldBeFalse();
    }

    [Theory]
    [InlineData("alice", true, true, true)]
    [InlineData("bob", false, false, true)]
    [InlineData("auditor", true, false, false)]
    [InlineData("admin", true, true, true)]
    public async Task Each_tool_allows_or_refuses_the_caller_by_role_and_ownership(string caller, bool readsAlice, bool changesAlice, bool plans)
    {
        await using var client = await _http.ConnectAsync(_keys[caller]);
        var recorder = _http.Get<ExecutionRecorder>();

        (await CallAsync(client, "search_applications", new { query = "copy" })).IsError.ShouldNotBe(true);
        (await CallAsync(client, "get_application", new { name = "copy" })).IsError.ShouldNotBe(true);
        (await CallAsync(client, "validate_invocation", new { name = "copy", invocation = new { @in = _input, label = "copied" } })).IsError.ShouldNotBe(true);

        foreach (var tool in new[] { "get_execution", "get_results", "verify_execution", "export_provenance" })
        {
            var result = await CallAsync(client, tool, new { executionId = _aliceDone.ToString() });
            (result.IsError ?? false).ShouldBe(!readsAlice, $"{caller} {tool}: {McpHarness.Text(result)}");
            if (!readsAlice)
            {
                McpHarness.Text(result).ShouldContain("no execution");
                McpHarness.Text(result).ShouldNotContain("copy");
            }
        }

        var listed = Json(await CallAsync(client, "list_executions", new { })).GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("executionId").GetGuid()).ToList();
        listed.Contains(_aliceDone).ShouldBe(readsAlice, caller);
        listed.Contains(_bobDone).ShouldBe(caller != "alice", caller);

        var toApprove = await RecordedExecutions.PlannedAsync(recorder, "alice", approve: false);
        var approve = await CallAsync(client, "approve_plan", new { planId = toApprove.ToString() });
        (approve.IsError ?? false).ShouldBe(!changesAlice, $"{caller} approve_plan: {McpHarness.Text(approve)}");
        (await recorder.FindAsync(toApprove, CancellationToken.None))!.Status.ShouldBe(changesAlice ? ExecutionStatus.Approved : ExecutionStatus.Planned);

        var toSubmit = await RecordedExecutions.PlannedAsync(recorder, "alice");
        var submit = await CallAsync(client, "submit_plan", new { planId = toSubmit.ToString() });
        (submit.IsError ?? false).ShouldBe(!changesAlice, $"{caller} submit_plan: {McpHarness.Text(submit)}");
        (await recorder.FindAsync(toSubmit, CancellationToken.None))!.Status.ShouldBe(changesAlice ? ExecutionStatus.Submitted : ExecutionStatus.Approved);

        var toCancel = await RecordedExecutions.PlannedAsync(recorder, "alice");
        var cancel = await CallAsync(client, "cancel_execution", new { executionId = toCancel.ToString() });
        (cancel.IsError ?? false).ShouldBe(!changesAlice, $"{caller} cancel_execution: {McpHarness.Text(cancel)}");
        (await recorder.FindAsync(toCancel, CancellationToken.None))!.Status.ShouldBe(changesAlice ? ExecutionStatus.Cancelled : ExecutionStatus.Approved);

        var plan = await CallAsync(client, "plan_experiment", new { goal = $"copy {_input} with label copied", files = new[] { _input } });
        (plan.IsError ?? false).ShouldBe(!plans, $"{caller} plan_experiment: {McpHarness.Text(plan)}");
        if (caller == "auditor")
        {
            McpHarness.Text(plan).ShouldContain("auditor");
            McpHarness.Text(cancel).ShouldContain("auditor");
        }
    }

    [Fact]
    public async Task A_researcher_cannot_read_or_complete_the_executions_of_another_as_resources()
    {
        await using var bob = await _http.ConnectAsync(_keys["bob"]);
        var ct = TestContext.Current.CancellationToken;

        await Should.ThrowAsync<Exception>(() => bob.ReadResourceAsync($"vip://executions/{_aliceDone}", cancellationToken: ct).AsTask());
        var ids = await bob.CompleteAsync(new ResourceTemplateReference { Uri = "vip://executions/{id}" }, "id", "", cancellationToken: ct);

        ids.Completion.Values.ShouldContain(_bobDone.ToString());
        ids.Completion.Values.ShouldNotContain(_aliceDone.ToString());
    }

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, object arguments) =>
        await client.CallToolAsync(tool, McpHarness.Arguments(arguments), cancellationToken: TestContext.Current.CancellationToken);

    private static JsonElement Json(CallToolResult result)
    {
        (result.IsError ?? false).ShouldBeFalse(McpHarness.Text(result));
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    private async Task<Guid> CompletedAsync(string user)
    {
        var output = Path.Combine(_folder, $"{user}.txt");
        await File.WriteAllTextAsync(output, $"{user}\n");
        return await RecordedExecutions.CompletedAsync(_http.Get<ExecutionRecorder>(), user, _input, output);
    }

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
