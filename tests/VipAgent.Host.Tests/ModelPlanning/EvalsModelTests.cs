using Microsoft.Extensions.Configuration;
using VipAgent.Evals.Cases;
using VipAgent.Evals.Cli;
using VipAgent.Evals.Model;
using VipAgent.Host.Cli;
using VipAgent.Testing;
using static VipAgent.Host.Tests.ModelPlanning.LoopbackOpenAiHandler;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>The evals' <c>--model</c>: cases planned by the model planner over HTTP, scored like offline runs.</summary>
public sealed class EvalsModelTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Cases = """
        {"id": "model-reads-the-goal", "goal": "threshold scan.nii a little above the noise floor", "context": {"files": ["scan.nii"], "sensitive": false, "backends": ["local"]}, "expect": {"outcome": "plan", "application": {"name": "threshold", "version": "1.0"}, "backend": "local", "jobs": 1, "parameters": {"image": "scan.nii", "level": 30}}}
        {"id": "model-keeps-failing", "goal": "threshold scan.nii at level 8", "context": {"files": ["scan.nii"], "sensitive": false, "backends": ["local"]}, "expect": {"outcome": "plan", "application": {"name": "threshold", "version": "1.0"}, "backend": "local", "jobs": 1, "parameters": {"image": "scan.nii", "level": 8}}}
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("vipagent-evals-model-");

    public ValueTask InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "threshold.json"), ModelPlanningCatalog.Descriptor);
        File.WriteAllText(Path.Combine(_folder.FullName, "cases.jsonl"), Cases);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_model_planners_plans_are_scored_and_the_cases_the_offline_planner_answered_are_counted()
    {
        // case 1: a plan only a reader of the goal can give (the offline planner asks for the level);
        // case 2: an application that does not exist, three times (the plan and its two repairs), so the offline planner answers
        using var server = new LoopbackOpenAiServer(new LoopbackOpenAiHandler(
            Answers("""{"outcome": "plan", "application": "threshold", "version": "1.0", "parameters": {"image": "scan.nii", "level": 30}, "backend": "local"}"""),
            Answers("""{"outcome": "plan", "application": "thresholder", "parameters": {"image": "scan.nii", "level": 8}, "backend": "local"}""")));
        var settings = new HostSettings(
            Path.Combine(_folder.FullName, "data"), await postgres.CreateDatabaseAsync(nameof(EvalsModelTests)), Json: false,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VipAgent:Planner:Endpoint"] = server.Endpoint.ToString(),
                ["VipAgent:Planner:Model"] = "tiny",
            }).Build());

        var result = await ModelEvals.RunAsync(
            settings, [Path.Combine(_folder.FullName, "threshold.json")], EvalCase.ReadAll(Path.Combine(_folder.FullName, "cases.jsonl")),
            progress: null, TestContext.Current.CancellationToken);

        result.Model.ShouldBe($"tiny at {server.Endpoint}");
        result.Rejected.ShouldBeEmpty();
        result.Report.Cases.Select(c => (c.Id, c.Passed, string.Join("; ", c.Differences)))
            .ShouldBe([("model-reads-the-goal", true, ""), ("model-keeps-failing", true, "")]);
        result.Fallbacks.Count.ShouldBe(1);
        result.Fallbacks[0].ShouldStartWith($"planner: offline, because the model's plan (tiny at {server.Endpoint}) was still invalid after 2 repair rounds: There is no application 'thresholder'");
        server.Script.Requests.Count.ShouldBe(4);
        server.Script.Addresses.ShouldAllBe(a => a.AbsolutePath == "/v1/chat/completions");
    }

    [Fact]
    public async Task Model_without_an_endpoint_is_exit_2_naming_the_settings()
    {
        var shared = SharedData.Require();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await EvalCommand.RunAsync(
            [Path.Combine(_folder.FullName, "cases.jsonl"), "--model", "--shared", shared], output, error, TestContext.Current.CancellationToken);

        code.ShouldBe(2, error.ToString());
        error.ToString().ShouldContain("VIP7021: --model needs a model endpoint: set VipAgent__Planner__Endpoint");
        output.ToString().ShouldBeEmpty();
    }
}
