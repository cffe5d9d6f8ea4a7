using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>Every tool through the SDK's client, in process, on a real registry: what a model sees and gets back.</summary>
public sealed class McpToolTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] ReadOnlyTools =
        ["search_applications", "get_application", "validate_invocation", "get_execution", "list_executions", "get_results", "verify_execution", "export_provenance"];

    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-mcp-").FullName;
    private McpHarness _mcp = null!;

    public async ValueTask InitializeAsync()
    {
        _mcp = await McpHarness.StartAsync(await postgres.CreateDatabaseAsync(nameof(McpToolTests)), Path.Combine(_folder, "data"));
        await _mcp.ImportAsync(RecordedExecutions.CopyDescriptor);
    }

    [Fact]
    public async Task Lists_the_twelve_tools_with_descriptions_truthful_annotations_and_output_schemas()
    {
        var tools = await _mcp.Client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        tools.Select(t => t.Name).Order().ShouldBe(
            [.. ReadOnlyTools, "plan_experiment", "approve_plan", "submit_plan", "cancel_execution"], ignoreOrder: true);
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            tool.Description.ShouldNotBeNullOrWhiteSpace(tool.Name);
            tool.OutputSchema.ShouldNotBeNull(tool.Name);
            foreach (var parameter in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                parameter.Value.TryGetProperty("description", out _).ShouldBeTrue($"{tool.Name}.{parameter.Name} has no description");
            }

            var readOnly = ReadOnlyTools.Contains(tool.Name);
            tool.Annotations!.ReadOnlyHint.ShouldBe(readOnly, tool.Name);
            tool.Annotations.DestructiveHint.ShouldBe(tool.Name is "submit_plan" or "cancel_execution", tool.Name);
        }
    }

    [Fact]
    public async Task Search_finds_an_application_by_a_word_of_its_description_and_not_by_an_unrelated_one()
    {
        var found = await _mcp.CallOkAsync("search_applications", new { query = "scan" });
        var none = await _mcp.CallOkAsync("search_applications", new { query = "tractography" });

        var copy = found.GetProperty("applications").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "copy");
        copy.GetProperty("latestVersion").GetString().ShouldBe("1.0");
        none.GetProperty("applications").EnumerateArray().Where(a => a.GetProperty("name").GetString() == "copy").ShouldBeEmpty();
    }

    [Fact]
    public async Task Get_application_describes_inputs_with_their_choices_and_names_the_known_ones_for_an_unknown_application()
    {
        var copy = await _mcp.CallOkAsync("get_application", new { name = "copy" });
        var unknown = await _mcp.CallErrorAsync("get_application", new { name = "nosuchapp" });
        var badVersion = await _mcp.CallErrorAsync("get_application", new { name = "copy", version = "9.9" });

        copy.GetProperty("version").GetString().ShouldBe("1.0");
        copy.GetProperty("descriptorUri").GetString().ShouldBe("vip://applications/copy/1.0");
        var label = copy.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "label");
        label.GetProperty("choices").EnumerateArray().Select(c => c.GetString()).ShouldBe(["copied", "backup"]);
        unknown.ShouldContain("no application 'nosuchapp'");
        unknown.ShouldContain("copy");
        badVersion.ShouldContain("Versions: 1.0");
    }

    [Fact]
    public async Task Validate_invocation_gives_the_command_line_or_each_problem_as_a_result_the_model_can_fix()
    {
        var valid = await _mcp.CallOkAsync("validate_invocation", new { name = "copy", invocation = new { @in = "/data/a.nii", label = "copied" } });
        var invalid = await _mcp.CallOkAsync("validate_invocation", new { name = "copy", invocation = new { @in = "/data/a.nii", label = "other" } });
        var notObject = await _mcp.CallErrorAsync("validate_invocation", new { name = "copy", invocation = new[] { 1, 2 } });

        valid.GetProperty("valid").GetBoolean().ShouldBeTrue();
        valid.GetProperty("commandLine").GetString().ShouldBe("cp /data/a.nii copied.txt");
        invalid.GetProperty("valid").GetBoolean().ShouldBeFalse();
        invalid.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ShouldContain(p => p!.Contains("label"));
        notObject.ShouldContain("JSON object");
    }

    [Fact]
    public async Task Get_list_and_results_show_a_completed_execution_and_refuse_ids_that_are_not_there()
    {
        var id = await CompletedAsync("result");

        var execution = await _mcp.CallOkAsync("get_execution", new { executionId = id.ToString() });
        var list = await _mcp.CallOkAsync("list_executions", new { status = "completed" });
        var planned = await _mcp.CallOkAsync("list_executions", new { status = "planned" });
        var results = await _mcp.CallOkAsync("get_results", new { executionId = id.ToString() });
        var badStatus = await _mcp.CallErrorAsync("list_executions", new { status = "done" });
        var notGuid = await _mcp.CallErrorAsync("get_execution", new { executionId = "42" });
        var missing = await _mcp.CallErrorAsync("get_execution", new { executionId = Guid.NewGuid().ToString() });

        execution.GetProperty("status").GetString().ShouldBe("completed");
        execution.GetProperty("finished").GetBoolean().ShouldBeTrue();
        execution.GetProperty("jobsByState").GetProperty("succeeded").GetInt32().ShouldBe(1);
        list.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("executionId").GetGuid()).ShouldContain(id);
        planned.GetProperty("executions").EnumerateArray().ShouldBeEmpty();
        var file = results.GetProperty("files").EnumerateArray().Single();
        file.GetProperty("path").GetString().ShouldEndWith("result.txt");
        file.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("result\n"u8)));
        badStatus.ShouldContain("planned, approved, running, completed, failed, cancelled, submitted");
        notGuid.ShouldContain("not an execution id");
        missing.ShouldContain("list_executions");
    }

    [Fact]
    public async Task Verify_reports_progress_and_a_clean_record_then_the_output_that_was_changed_afterwards()
    {
        var output = Path.Combine(_folder, "verified.txt");
        var id = await CompletedAsync("verified", output);
        var progress = new Collected();

        var clean = await _mcp.CallOkAsync("verify_execution", new { executionId = id.ToString() }, progress);
        await File.WriteAllTextAsync(output, "tampered\n", TestContext.Current.CancellationToken);
        var tampered = await _mcp.CallOkAsync("verify_execution", new { executionId = id.ToString() });

        clean.GetProperty("clean").GetBoolean().ShouldBeTrue(clean.ToString());
        clean.GetProperty("eventsChecked").GetInt64().ShouldBeGreaterThan(5);
        // progress arrives as notifications beside the call; one sent just before the answer may land after it, when
        // the client has stopped listening: the person sees the work start, the answer tells how it ended
        await progress.WaitForAsync(1);
        progress.Values.ShouldAllBe(v => v.Total == 2 && (v.Progress == 0 || v.Progress == 2));
        tampered.GetProperty("clean").GetBoolean().ShouldBeFalse();
        tampered.GetProperty("mismatches").EnumerateArray().Single().GetString()!.ShouldContain("[Output]");
    }

    [Fact]
    public async Task Export_returns_prov_json_or_an_ro_crate_naming_the_execution_and_refuses_an_unknown_format()
    {
        var id = await CompletedAsync("exported");
        var progress = new Collected();

        var prov = await _mcp.CallOkAsync("export_provenance", new { executionId = id.ToString(), format = "prov" }, progress);
        var crate = await _mcp.CallOkAsync("export_provenance", new { executionId = id.ToString(), format = "ro-crate" });
        var unknown = await _mcp.CallErrorAsync("export_provenance", new { executionId = id.ToString(), format = "pdf" });

        var provFile = prov.GetProperty("files").EnumerateArray().Single();
        provFile.GetProperty("path").GetString().ShouldBe("prov.json");
        JsonDocument.Parse(provFile.GetProperty("content").GetString()!).RootElement.GetRawText().ShouldContain(id.ToString());
        crate.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ShouldContain("ro-crate-metadata.json");
        unknown.ShouldContain("'prov' or 'ro-crate'");
        await progress.WaitForAsync(1);
    }

    [Fact]
    public async Task Cancel_records_who_cancelled_and_refuses_an_execution_that_already_ended()
    {
        var id = await RecordedExecutions.PlannedAsync(_mcp.Get<ExecutionRecorder>(), "local-user");

        var cancelled = await _mcp.CallOkAsync("cancel_execution", new { executionId = id.ToString(), reason = "wrong subject" });
        var again = await _mcp.CallErrorAsync("cancel_execution", new { executionId = id.ToString() });

        cancelled.GetProperty("execution").GetProperty("status").GetString().ShouldBe("cancelled");
        cancelled.GetProperty("execution").GetProperty("reason").GetString().ShouldBe("wrong subject");
        again.ShouldContain("already ended (cancelled)");
    }

    [Fact]
    public async Task Unknown_tool_arguments_of_the_wrong_type_are_reported_as_errors_not_crashes()
    {
        var limit = await _mcp.CallErrorAsync("search_applications", new { limit = 0 });
        limit.ShouldContain("between 1 and 200");
    }

    private async Task<Guid> CompletedAsync(string label, string? output = null)
    {
        var input = Path.Combine(_folder, $"{label}-in.txt");
        output ??= Path.Combine(_folder, $"{label}.txt");
        await File.WriteAllTextAsync(input, "scan\n");
        await File.WriteAllTextAsync(output, $"{label}\n");
        return await RecordedExecutions.CompletedAsync(_mcp.Get<ExecutionRecorder>(), "local-user", input, output);
    }

    public async ValueTask DisposeAsync()
    {
        await _mcp.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Progress notifications as they arrive (they may trail the result).</summary>
    private sealed class Collected : IProgress<ProgressNotificationValue>
    {
        private readonly List<ProgressNotificationValue> _values = [];

        public IReadOnlyList<ProgressNotificationValue> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }

        public void Report(ProgressNotificationValue value)
        {
            lock (_values)
            {
                _values.Add(value);
            }
        }

        public async Task WaitForAsync(int count)
        {
            // notifications travel apart from the call's answer: on a loaded machine they may land seconds after it
            for (var i = 0; i < 1500 && Values.Count < count; i++)
            {
                await Task.Delay(20);
            }

            Values.Count.ShouldBeGreaterThanOrEqualTo(count);
        }
    }
}
