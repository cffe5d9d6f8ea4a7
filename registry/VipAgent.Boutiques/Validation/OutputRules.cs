using VipAgent.Boutiques.Generation;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Validation;

/// <summary>bosh's validator checks on outputs: distinct path-templates and well-formed conditional-path-templates.</summary>
internal static class OutputRules
{
    private static readonly HashSet<string> PythonKeywords =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
        "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield",
    ];

    private static readonly HashSet<string> AllowedWords = ["and", "or", "true", "false", "True", "False", "(", ")"];

    public static void Check(BoutiquesDescriptor d, List<DescriptorProblem> problems)
    {
        for (var n = 0; n < d.Outputs.Count; n++)
        {
            var output = d.Outputs[n];
            var path = $"$.output-files[{n}]";
            for (var m = 0; m < n; m++)
            {
                if (output.PathTemplate is not null && d.Outputs[m].PathTemplate == output.PathTemplate)
                {
                    problems.Add(new DescriptorProblem($"{path}.path-template", $"Outputs '{d.Outputs[m].Id}' and '{output.Id}' have the same path-template, so they would be the same file."));
                }
            }

            if (output.ConditionalPathTemplate is { } conditions)
            {
                CheckConditions(d, output, conditions, $"{path}.conditional-path-template", problems);
            }
        }
    }

    private static void CheckConditions(BoutiquesDescriptor d, OutputSpec output, IReadOnlyList<ConditionalTemplate> conditions, string path, List<DescriptorProblem> problems)
    {
        var defaults = conditions.Count(c => c.IsDefault);
        if (defaults == 0 && !output.Optional)
        {
            problems.Add(new DescriptorProblem(path, $"Output '{output.Id}' is not optional, so its conditional-path-template must end with a \"default\" path-template."));
        }

        if (defaults > 1)
        {
            problems.Add(new DescriptorProblem(path, $"Output '{output.Id}' has {defaults} \"default\" conditions; only one is permitted."));
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].IsDefault)
            {
                continue;
            }

            var tokens = ConditionalExpression.Tokenize(conditions[i].Condition);
            var unknown = tokens.Where(t => !IsKnown(d, t)).ToList();
            foreach (var token in unknown)
            {
                problems.Add(new DescriptorProblem($"{path}[{i}]", $"Output '{output.Id}': the condition \"{conditions[i].Condition}\" contains \"{token}\", which is neither an input or output id nor an allowed keyword."));
            }

            if (unknown.Count == 0 && !TypesAgree(d, tokens))
            {
                problems.Add(new DescriptorProblem($"{path}[{i}]", $"Output '{output.Id}': the condition \"{conditions[i].Condition}\" is an invalid conditional expression. Compare values of the same type and use only and, or, true, false."));
            }
        }
    }

    private static bool IsKnown(BoutiquesDescriptor d, string token) =>
        PythonKeywords.Contains(token) || AllowedWords.Contains(token) || ConditionalExpression.Comparators.Contains(token)
        || ConditionalExpression.IsNumberLiteral(token) || ConditionalExpression.IsStringLiteral(token)
        || d.FindInput(token) is not null || d.FindOutput(token) is not null;

    // Only and/or/true/false among Python keywords; both sides of a comparison of the same type.
    private static bool TypesAgree(BoutiquesDescriptor d, IReadOnlyList<string> tokens)
    {
        if (tokens.Any(t => PythonKeywords.Contains(t) && !AllowedWords.Contains(t)))
        {
            return false;
        }

        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (ConditionalExpression.Comparators.Contains(tokens[i]) && TypeOf(d, tokens[i - 1]) != TypeOf(d, tokens[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static string TypeOf(BoutiquesDescriptor d, string token)
    {
        if (d.FindInput(token) is { } input)
        {
            return input.Type switch { "Number" => "number", "Flag" => "bool", _ => "string" };
        }

        if (d.FindOutput(token) is not null || ConditionalExpression.IsStringLiteral(token))
        {
            return "string";
        }

        return ConditionalExpression.IsBoolLiteral(token) ? "bool" : ConditionalExpression.IsNumberLiteral(token) ? "number" : token;
    }
}
