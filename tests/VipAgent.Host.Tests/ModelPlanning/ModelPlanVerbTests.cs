using System.Text.Json;
using VipAgent.Host.Tests.Planning;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>`vip plan` with a model endpoint configured through the environment: opt-in, checked, and never fatal.</summary>
public sealed class ModelPlanVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PlanningWorkspace _workspace = null!;

    public async ValueTask InitializeAsync() => _workspace = await PlanningWorkspace.CreateAsync(postgres, nameof(ModelPlanVerbTests));

    public ValueTask DisposeAsync() => _workspace.DisposeAsync();

    [Fact]
    public async Task Plan_with_an_unreachable_model_endpoint_answers_with_the_offline_plan_and_says_why()
    {
        var endpoint = $"http://127.0.0.1:{VipCli.FreePort()}/v1";
        var run = await VipCli.RunAsync(
            _workspace.Arguments("plan", PlanningWorkspace.Goal, "--file", _workspace.Notes, "--json"),
            new Dictionary<string, string> { ["VipAgent__Planner__Endpoint"] = endpoint, ["VipAgent__Planner__Model"] = "tiny" },
            timeout: TimeSpan.FromMinutes(2));

        run.ExitCode.ShouldBe(0, run.StandardError);
        var plan = JsonDocument.Parse(run.StandardOutput).RootElement;
        plan.GetProperty("outcome").GetString().ShouldBe("plan");
        plan.GetProperty("application").GetProperty("name").GetString().ShouldBe("sortlines");
        var first = plan.GetProperty("reasons")[0].GetString()!;
        first.ShouldStartWith($"planner: offline, because the model planner (tiny at {endpoint}) failed: the endpoint could not be reached");
    }

    [Fact]
    public async Task An_endpoint_without_a_model_is_an_input_error_that_names_the_setting_and_records_nothing()
    {
        var run = await VipCli.RunAsync(
            _workspace.Arguments("plan", PlanningWorkspace.Goal, "--file", _workspace.Notes),
            new Dictionary<string, string> { ["VipAgent__Planner__Endpoint"] = "http://127.0.0.1:11434/v1" },
            timeout: TimeSpan.FromMinutes(2));

        run.ExitCode.ShouldBe(2, run.StandardOutput);
        run.StandardError.ShouldContain("VipAgent:Planner:Model is not set");
        (await _workspace.ExecutionEventsAsync()).ShouldBeEmpty();
    }
}
