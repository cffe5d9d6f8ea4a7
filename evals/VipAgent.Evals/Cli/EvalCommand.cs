using VipAgent.Evals.Cases;
using VipAgent.Evals.Model;

namespace VipAgent.Evals.Cli;

/// <summary>
/// The evals command line: <c>[CASES.jsonl] [--json] [--shared DIR] [--retrieval hybrid|lexical] [--model]</c>. Runs the cases
/// (default <c>SHARED/evals/cases.jsonl</c>) against the offline planner (lexical retrieval by default, as <c>vip plan</c>; <c>--retrieval hybrid</c> adds MiniLM), or with <c>--model</c>
/// the model planner and the endpoint configured for <c>vip plan</c> (<see cref="Model.ModelEvals"/>), over the evals catalog and prints the metrics table
/// and every failed case, or with <c>--json</c> one JSON object. Exit 0 when the cases ran (whatever they scored),
/// 2 on bad arguments, a missing shared folder or a bad cases file, with one line on the error writer.
/// </summary>
public static class EvalCommand
{
    /// <summary>The exit code of a run whose cases ran.</summary>
    public const int Ran = 0;

    /// <summary>The exit code of invalid input.</summary>
    public const int InvalidInput = 2;

    private const string Usage = "usage: VipAgent.Evals [CASES.jsonl] [--json] [--shared DIR] [--retrieval hybrid|lexical] [--model]";

    /// <summary>Runs the command with the offline planner (<c>--model</c> needs <see cref="RunAsync"/>); returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = EvalOptions.Parse(args);
        if (options.Problem is not null)
        {
            return Fail(error, $"{options.Problem}\n{Usage}");
        }

        var shared = SharedFolder.Locate(options.Shared);
        if (shared is null)
        {
            return Fail(error, options.Shared is null
                ? "the shared folder (descriptors and evals) was not found beside the repository: pass --shared DIR or set VIPAGENT_SHARED"
                : $"--shared {options.Shared}: no such folder");
        }

        var casesPath = options.CasesPath ?? Path.Combine(shared, "evals", "cases.jsonl");
        if (!File.Exists(casesPath))
        {
            return Fail(error, $"cases file {casesPath} not found: pass the path of a JSON Lines file of evaluation cases");
        }

        IReadOnlyList<EvalCase> cases;
        try
        {
            cases = EvalCase.ReadAll(casesPath);
        }
        catch (FormatException e)
        {
            return Fail(error, e.Message);
        }

        if (cases.Count == 0)
        {
            return Fail(error, $"{casesPath}: holds no cases (one JSON object a line is expected)");
        }

        if (options.Model)
        {
            return await ModelRun.RunAsync(EvalCatalog.Files(shared), cases, casesPath, options.Json, output, error, ct);
        }

        var report = new EvalRunner(EvalCatalog.Load(shared), options.Retrieval).Run(cases);
        output.Write(options.Json ? ReportJson.Write(report, casesPath) : ReportText.Write(report, casesPath));
        return Ran;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return InvalidInput;
    }
}
