using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Planning;

/// <summary>`vip plan`: the planner's answer printed as a person and a script read it, and what it records (or not).</summary>
public sealed class PlanVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PlanningWorkspace _workspace = null!;

    public async ValueTask InitializeAsync() => _workspace = await PlanningWorkspace.CreateAsync(postgres, nameof(PlanVerbTests));

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    [Fact]
    public async Task Plan_json_names_the_application_backend_jobs_estimate_and_reasons_and_records_a_plan_that_is_not_approved()
    {
        var plan = await _workspace.PlanAsync();
        var id = plan.GetProperty("planId").GetString()!;
        var status = await _workspace.StatusAsync(id);

        plan.GetProperty("outcome").GetString().ShouldBe("plan");
        plan.GetProperty("application").GetProperty("name").GetString().ShouldBe("sortlines");
        plan.GetProperty("application").GetProperty("version").GetString().ShouldBe("1.0");
        plan.GetProperty("backend").GetString().ShouldBe("local");
        plan.GetProperty("jobCount").GetInt32().ShouldBe(1);
        plan.GetProperty("parameters").GetProperty("text").GetString().ShouldBe(_workspace.Notes);
        plan.GetProperty("missing").GetArrayLength().ShouldBe(0);
        plan.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
        plan.GetProperty("jobs")[0].GetProperty("commandLine").GetString().ShouldBe($"sort {_workspace.Notes} -o sorted.txt");
        plan.GetProperty("estimate").GetProperty("wallTimeSeconds").GetInt64().ShouldBe(60);
        plan.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain(r => r!.StartsWith("backend local", StringComparison.Ordinal));
        status.GetProperty("status").GetString().ShouldBe("planned");
        (await _workspace.ExecutionEventsAsync(id)).ShouldBe(new Dictionary<string, long> { ["execution_planned"] = 1 });
    }

    [Fact]
    public async Task The_registry_keeps_the_planners_answer_so_the_printed_plan_can_be_reproduced_from_it()
    {
        var printed = JsonNode.Parse((await _workspace.PlanAsync()).GetRawText())!.AsObject();
        var id = printed["planId"]!.GetValue<string>();

        var recorded = await _workspace.RecordedPlanAsync(id);
        printed.Remove("planId");

        JsonNode.DeepEquals(recorded["planner"], printed).ShouldBeTrue($"recorded: {recorded["planner"]}\nprinted: {printed}");
        recorded["goal"]!["text"]!.GetValue<string>().ShouldBe(PlanningWorkspace.Goal);
        recorded["jobs"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Plan_as_text_shows_the_plan_id_the_parameters_and_why()
    {
        var plan = await _workspace.VipAsync("plan", PlanningWorkspace.Goal, "--file", _workspace.Notes);

        plan.ExitCode.ShouldBe(0, plan.StandardError);
        plan.StandardOutput.ShouldContain("sortlines 1.0 on local, 1 job(s)");
        plan.StandardOutput.ShouldContain($"text = \"{_workspace.Notes}\"");
        plan.StandardOutput.ShouldContain("backend local:");
        plan.StandardOutput.ShouldContain("vip submit ");
    }

    [Fact]
    public async Task A_goal_missing_a_required_value_is_answered_with_what_is_missing_exits_2_and_records_nothing()
    {
        var plan = await _workspace.VipAsync("plan", "threshold the volume at 8", "--file", _workspace.Notes, "--json");
        var answer = JsonDocument.Parse(plan.StandardOutput).RootElement;

        plan.ExitCode.ShouldBe(2);
        answer.GetProperty("outcome").GetString().ShouldBe("clarify");
        answer.GetProperty("application").GetProperty("name").GetString().ShouldBe("mrthreshold");
        answer.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldContain("output_name");
        answer.GetProperty("planId").ValueKind.ShouldBe(JsonValueKind.Null);
        plan.StandardError.ShouldContain("VIP7010");
        plan.StandardError.ShouldContain("output_name");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_goal_no_application_fits_is_refused_exits_2_and_records_nothing()
    {
        var plan = await _workspace.VipAsync("plan", "train a neural network on my scans");

        plan.ExitCode.ShouldBe(2);
        plan.StandardOutput.ShouldContain("refused (no-application)");
        plan.StandardError.ShouldContain("VIP7011");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_that_does_not_exist_is_named_exits_2_and_records_nothing()
    {
        var missing = Path.Combine(_workspace.Folder, "absent.txt");

        var plan = await _workspace.VipAsync("plan", "sort the lines of absent.txt", "--file", missing);

        plan.ExitCode.ShouldBe(2);
        plan.StandardError.ShouldContain($"VIP7003: No such file or folder: '{missing}'");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_backend_is_refused_with_the_known_ones()
    {
        var plan = await _workspace.VipAsync("plan", PlanningWorkspace.Goal, "--file", _workspace.Notes, "--backends", "local,cloud");

        plan.ExitCode.ShouldBe(2);
        plan.StandardError.ShouldContain("'cloud'");
        plan.StandardError.ShouldContain("local, slurm, dirac, onnx");
    }
}
