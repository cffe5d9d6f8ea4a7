using System.Text.Json.Nodes;
using VipAgent.Evals.Cli;
using VipAgent.Testing;

namespace VipAgent.Planner.Tests.Evals;

public sealed class EvalCommandTests : IDisposable
{
    private const string BetCase = """{"id": "bet-ok", "goal": "Skull-strip head.nii.gz with fsl_bet 5.0.9", "context": {"files": ["head.nii.gz"]}, "expect": {"outcome": "plan", "application": {"name": "fsl_bet", "version": "5.0.9"}, "backend": "local", "jobs": 1, "parameters": {"infile": "head.nii.gz"}}}""";
    private const string WrongBackendCase = """{"id": "bet-wrong-backend", "goal": "Skull-strip head.nii.gz with fsl_bet 5.0.9", "context": {"files": ["head.nii.gz"]}, "expect": {"outcome": "plan", "application": {"name": "fsl_bet", "version": "5.0.9"}, "backend": "dirac", "jobs": 1}}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("evals-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Prints_the_metrics_table_and_each_failed_case_with_what_differed()
    {
        var shared = SharedData.Require();
        var (code, output, error) = Run(Cases(BetCase, WrongBackendCase), "--shared", shared, "--retrieval", "lexical");

        code.ShouldBe(0, error);
        output.ShouldContain("2 cases, 1 passed");
        foreach (var metric in new[] { "application", "backend", "job count", "parameter values", "strict (plan cases)", "clarify/refuse right", "validity" })
        {
            output.ShouldContain(metric);
        }

        output.ShouldContain("backend                 50.0 %");
        output.ShouldContain("FAIL bet-wrong-backend: backend: expected dirac, got local");
        output.ShouldNotContain("FAIL bet-ok");
    }

    [Fact]
    public void Json_option_writes_the_metrics_and_failures_as_one_object()
    {
        var shared = SharedData.Require();
        var (code, output, _) = Run(Cases(BetCase, WrongBackendCase), "--json", "--shared", shared, "--retrieval", "lexical");

        code.ShouldBe(0);
        var report = JsonNode.Parse(output)!.AsObject();
        report["cases"]!.GetValue<int>().ShouldBe(2);
        report["passed"]!.GetValue<int>().ShouldBe(1);
        report["valid"]!.GetValue<bool>().ShouldBeTrue();
        report["metrics"]!["backend"]!.GetValue<double>().ShouldBe(0.5);
        report["metrics"]!["application"]!.GetValue<double>().ShouldBe(1.0);
        var failed = report["failed"]!.AsArray().ShouldHaveSingleItem()!;
        failed["id"]!.ToString().ShouldBe("bet-wrong-backend");
        failed["differences"]!.AsArray().Select(d => d!.ToString()).ShouldContain("backend: expected dirac, got local");
    }

    [Fact]
    public void Missing_cases_file_exits_2_naming_the_file()
    {
        var shared = SharedData.Require();
        var missing = Path.Combine(_folder, "nope.jsonl");
        var (code, output, error) = Run(missing, "--shared", shared);

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain(missing);
        error.ShouldContain("not found");
    }

    [Fact]
    public void Malformed_line_exits_2_naming_the_line()
    {
        var shared = SharedData.Require();
        var (code, _, error) = Run(Cases(BetCase, "{\"id\": \"x\", \"goal\": "), "--shared", shared);

        code.ShouldBe(2);
        error.ShouldContain("cases.jsonl:2:");
    }

    [Fact]
    public void Case_without_a_goal_or_with_an_unknown_outcome_exits_2_saying_which()
    {
        var shared = SharedData.Require();
        var (noGoal, _, noGoalError) = Run(Cases("""{"id": "a", "expect": {"outcome": "plan"}}"""), "--shared", shared);
        var (badOutcome, _, badOutcomeError) = Run(Cases("""{"id": "b", "goal": "x", "expect": {"outcome": "maybe"}}"""), "--shared", shared);

        noGoal.ShouldBe(2);
        noGoalError.ShouldContain("\"goal\" is missing");
        badOutcome.ShouldBe(2);
        badOutcomeError.ShouldContain("\"maybe\" is not one of plan, clarify, refuse");
    }

    [Fact]
    public void Empty_cases_file_and_unknown_option_exit_2()
    {
        var shared = SharedData.Require();
        var (empty, _, emptyError) = Run(Cases(), "--shared", shared);
        var (unknown, _, unknownError) = Run("--verbose");

        empty.ShouldBe(2);
        emptyError.ShouldContain("holds no cases");
        unknown.ShouldBe(2);
        unknownError.ShouldContain("unknown option --verbose");
    }

    [Fact]
    public void Own_cases_of_the_repository_are_well_formed_and_run()
    {
        var shared = SharedData.Require();
        var own = Path.Combine(SharedData.RepositoryRoot, "evals", "cases", "own-cases.jsonl");
        var (code, output, error) = Run(own, "--shared", shared);

        code.ShouldBe(0, error);
        output.ShouldContain("19 cases");
        output.ShouldContain("validity                 100 %");
    }

    private string Cases(params string[] lines)
    {
        var path = Path.Combine(_folder, "cases.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = EvalCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
