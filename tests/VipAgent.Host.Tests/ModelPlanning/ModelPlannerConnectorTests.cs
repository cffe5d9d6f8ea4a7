using VipAgent.Planner.Plans;
using VipAgent.Testing;
using VipAgent.Tools.Planning;
using static VipAgent.Host.Tests.ModelPlanning.LoopbackOpenAiHandler;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>The model planner through Semantic Kernel's real OpenAI connector: a loopback chat server, and no server at all.</summary>
public sealed class ModelPlannerConnectorTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly PlanRequest Request = new("threshold scan.nii at level 8", ["scan.nii"]);
    private ModelPlanningCatalog _catalog = null!;

    public async ValueTask InitializeAsync() => _catalog = await ModelPlanningCatalog.CreateAsync(postgres, nameof(ModelPlannerConnectorTests));

    public ValueTask DisposeAsync() => _catalog.DisposeAsync();

    [Fact]
    public async Task The_OpenAI_connector_runs_the_tool_call_loop_and_the_validated_plan_is_used()
    {
        using var server = new LoopbackOpenAiHandler(
            CallsTool("validate_invocation", """{"name": "threshold", "invocation": {"image": "scan.nii", "level": 30}}"""),
            Answers("""{"outcome": "plan", "application": "threshold", "version": "1.0", "parameters": {"image": "scan.nii", "level": 30}, "backend": "local"}"""));
        var planner = ModelPlanner.ForEndpoint(new ModelEndpoint(new Uri("http://127.0.0.1:9/v1"), "tiny", "secret"), _catalog.Tools, server);

        var plan = await planner.PlanAsync(Request, _catalog.Offline, TestContext.Current.CancellationToken);

        plan.Outcome.ShouldBe(PlanOutcome.Plan, string.Join("; ", plan.Reasons));
        plan.Reasons[0].ShouldBe("planner: model tiny at http://127.0.0.1:9/v1");
        plan.Jobs.Single().CommandLine.ShouldBe("thresh scan.nii 30 out.nii");
        server.Addresses.ShouldAllBe(a => a.AbsoluteUri == "http://127.0.0.1:9/v1/chat/completions");
        server.Requests.Count.ShouldBe(2);
        server.Requests[0]["model"]!.GetValue<string>().ShouldBe("tiny");
        var toolResult = server.Requests[1]["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool");
        toolResult!["content"]!.ToString().ShouldContain("thresh scan.nii 30 out.nii"); // validate_invocation ran on the registry
        server.Requests[0]["messages"]!.AsArray().Single(m => (string?)m!["role"] == "user")!["content"]!.ToString()
            .ShouldContain("\"goal\":\"threshold scan.nii at level 8\"");
    }

    [Fact]
    public async Task An_unreachable_endpoint_falls_back_to_the_offline_planner_and_says_so()
    {
        var planner = ModelPlanner.ForEndpoint(new ModelEndpoint(new Uri($"http://127.0.0.1:{VipCli.FreePort()}/v1"), "tiny"), _catalog.Tools);

        var plan = await planner.PlanAsync(Request, _catalog.Offline, TestContext.Current.CancellationToken);

        plan.Outcome.ShouldBe(PlanOutcome.Plan);
        plan.Reasons[0].ShouldStartWith("planner: offline, because the model planner (tiny at http://127.0.0.1:");
        plan.Reasons[0].ShouldContain("the endpoint could not be reached");
        plan.Parameters["level"]!.GetValue<double>().ShouldBe(8);
    }
}
