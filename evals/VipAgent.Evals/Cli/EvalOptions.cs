namespace VipAgent.Evals.Cli;

/// <summary>The parsed command line of the evals runner; <see cref="Problem"/> names what is wrong with it.</summary>
public sealed record EvalOptions(string? CasesPath, bool Json, string? Shared, string? Problem)
{
    /// <summary>Parses <paramref name="args"/>.</summary>
    public static EvalOptions Parse(IReadOnlyList<string> args)
    {
        string? cases = null, shared = null;
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--shared" when i + 1 < args.Count:
                    shared = args[++i];
                    break;
                case "--shared":
                    return new(null, json, null, "--shared needs a folder");
                case var option when option.StartsWith('-'):
                    return new(null, json, null, $"unknown option {option}");
                case var path when cases is null:
                    cases = path;
                    break;
                default:
                    return new(null, json, null, $"one cases file at most (got {cases} and {args[i]})");
            }
        }

        return new(cases, json, shared, null);
    }
}
