using System.Text.Json;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Planning;

/// <summary>`vip run`: plan, confirm (or --yes), submit and follow, in one command.</summary>
public sealed class RunVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PlanningWorkspace _workspace = null!;

    public async ValueTask InitializeAsync() => _workspace = await PlanningWorkspace.CreateAsync(postgres, nameof(RunVerbTests));

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    [Fact]
    public async Task Run_with_yes_plans_submits_and_follows_the_execution_to_completion()
    {
        var run = await _workspace.VipAsync("run", PlanningWorkspace.Goal, "--file", _workspace.Notes, "--yes", "--poll-interval", "100", "--json");
        var plan = JsonDocument.Parse(run.StandardOutput).RootElement;
        var id = plan.GetProperty("planId").GetString()!;

        run.ExitCode.ShouldBe(0, run.StandardError);
        plan.GetProperty("application").GetProperty("name").GetString().ShouldBe("sortlines");
        run.StandardError.ShouldContain("job-1: succeeded");
        (await _workspace.StatusAsync(id)).GetProperty("status").GetString().ShouldBe("completed");
        (await _workspace.OutputAsync(id, "sorted.txt")).ShouldBe("apple\nfig\npear\n");
    }

    [Fact]
    public async Task Run_without_yes_and_without_a_terminal_exits_2_before_planning_anything()
    {
        var run = await _workspace.VipAsync("run", PlanningWorkspace.Goal, "--file", _workspace.Notes);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("VIP7012");
        run.StandardError.ShouldContain("--yes");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_of_a_goal_that_needs_clarifying_exits_2_and_runs_nothing()
    {
        var run = await _workspace.VipAsync("run", "threshold the volume at 8", "--file", _workspace.Notes, "--yes");

        run.ExitCode.ShouldBe(2);
        run.StandardOutput.ShouldContain("missing: output_name");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }
}
