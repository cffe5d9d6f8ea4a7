using VipAgent.Planner.Retrieval;

namespace VipAgent.Evals.Cli;

/// <summary>The parsed command line of the evals runner; <see cref="Problem"/> names what is wrong with it.</summary>
/// <param name="Model">Plan with the model planner against the endpoint configured for <c>vip plan</c> instead of the offline planner.</param>
public sealed record EvalOptions(string? CasesPath, bool Json, string? Shared, RetrievalMode Retrieval, string? Problem, bool Model = false)
{
    /// <summary>Parses <paramref name="args"/>.</summary>
    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        string? cases = null, shared = null;
        var json = false;
        var model = false;
        var retrieval = RetrievalMode.Lexical; // what `vip plan` runs
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--model":
                    model = true;
                    break;
                case "--shared" when i + 1 < args.Count:
                    shared = args[++i];
                    break;
                case "--shared":
                    return Invalid("--shared needs a folder");
                case "--retrieval" when i + 1 < args.Count && Enum.TryParse<RetrievalMode>(args[i + 1], ignoreCase: true, out var mode):
                    retrieval = mode;
                    i++;
                    break;
                case "--retrieval":
                    return Invalid("--retrieval needs lexical or hybrid");
                case var option when option.StartsWith('-'):
                    return Invalid($"unknown option {option}");
                case var path when cases is null:
                    cases = path;
                    break;
                default:
                    return Invalid($"one cases file at most (got {cases} and {args[i]})");
            }
        }

        return new(cases, json, shared, retrieval, null, model);
    }

    private static EvalOptions Invalid(string problem) => new(null, false, null, RetrievalMode.Lexical, problem);
}
