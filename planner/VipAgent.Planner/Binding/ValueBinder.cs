using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VipAgent.Planner.Catalog;
using VipAgent.Planner.Retrieval;

namespace VipAgent.Planner.Binding;

/// <summary>
/// Binds Flag, Number and String inputs from the goal's words: a flag when the goal writes its command-line flag or
/// all of its name; a value-choice when the goal writes it; a number or a value-like word (sub-01, main.mac, P012)
/// when the words next to it name the input. Every value is checked against the input's choices and bounds.
/// </summary>
public static partial class ValueBinder
{
    private const double Threshold = 0.55;

    /// <summary>Binds into <paramref name="parameters"/>; returns one reason per bound input.</summary>
    public static IReadOnlyList<string> Bind(IReadOnlyList<CatalogInput> inputs, GoalText goal, IReadOnlyCollection<string> files, IReadOnlySet<string> applicationWords, JsonObject parameters)
    {
        var reasons = new List<string>();
        var goalWords = Words.Terms(goal.Text).ToHashSet();
        foreach (var input in inputs.Where(i => i.Type == "Flag"))
        {
            var flag = input.CommandLineFlag;
            var written = flag is { Length: > 1 } && goal.Tokens.Contains(flag, StringComparer.Ordinal);
            var nameWords = Words.Terms(input.Name).Where(w => w != "flag").ToList();
            if (written || (nameWords.Count > 0 && nameWords.All(goalWords.Contains)))
            {
                parameters[input.Id] = true;
                reasons.Add($"input {input.Id}: true ({(written ? flag : input.Name)} in the goal)");
            }
        }

        foreach (var input in inputs.Where(i => i.Type != "Flag" && i.Type != "File" && i.ValueChoices.Count > 0))
        {
            var chosen = ChoiceReader.Written(goal, files, applicationWords, input.ValueChoices.Where(c => c.GetValueKind() == System.Text.Json.JsonValueKind.String)
                .Select(c => c.ToString()).ToList());
            if (chosen.Count > 0)
            {
                parameters[input.Id] = input.IsList ? new JsonArray([.. chosen.Select(c => (JsonNode)JsonValue.Create(c))]) : JsonValue.Create(chosen[0]);
                reasons.Add($"input {input.Id}: {string.Join(", ", chosen)} (a choice written in the goal)");
            }
        }

        BindNumbers(inputs.Where(i => i.Type == "Number" && !parameters.ContainsKey(i.Id)).ToList(), goal, applicationWords, parameters, reasons);
        BindStrings(inputs.Where(i => i.Type == "String" && !parameters.ContainsKey(i.Id)).ToList(), goal, files, applicationWords, parameters, reasons);
        return reasons;
    }

    private static void BindNumbers(List<CatalogInput> inputs, GoalText goal, IReadOnlySet<string> applicationWords, JsonObject parameters, List<string> reasons)
    {
        var candidates = (from input in inputs
                          let terms = new InputTerms(input)
                          from number in goal.Numbers
                          where Fits(input, number.Value)
                          let score = goal.ContextScore(number.Index, number.Width, terms, applicationWords)
                          where score >= Threshold
                          orderby score descending, number.Index
                          select (input, number)).ToList();
        var used = new HashSet<GoalNumber>();
        foreach (var (input, number) in candidates)
        {
            if (parameters.ContainsKey(input.Id) || used.Contains(number))
            {
                continue;
            }

            used.Add(number);
            parameters[input.Id] = input.Integer ? JsonValue.Create((long)number.Value) : JsonValue.Create(number.Value);
            reasons.Add($"input {input.Id}: {number.Value} (\"{string.Join(' ', goal.Tokens.Skip(number.Index).Take(number.Width))}\" in the goal)");
        }
    }

    private static void BindStrings(List<CatalogInput> inputs, GoalText goal, IReadOnlyCollection<string> files, IReadOnlySet<string> applicationWords, JsonObject parameters, List<string> reasons)
    {
        var candidates = (from input in inputs
                          let terms = new InputTerms(input)
                          from index in Enumerable.Range(0, goal.Tokens.Count)
                          let token = goal.Tokens[index]
                          where ValueLike().IsMatch(token) && !VersionLike().IsMatch(token) && !files.Contains(token)
                                && !Words.Whole(token).All(applicationWords.Contains)
                          let self = Words.Terms(token).Select(terms.Match).DefaultIfEmpty(0).Max()
                          let score = goal.ContextScore(index, 1, terms) + (0.5 * self)
                          where score >= Threshold
                          select (input, index, score))
                          .Concat(PlainValues(inputs, goal, files, applicationWords))
                          .OrderByDescending(c => c.score).ThenBy(c => c.index)
                          .Select(c => (c.input, c.index)).ToList();
        var used = new HashSet<int>();
        foreach (var (input, index) in candidates)
        {
            if (parameters.ContainsKey(input.Id) || used.Contains(index))
            {
                continue;
            }

            used.Add(index);
            parameters[input.Id] = goal.Tokens[index];
            reasons.Add($"input {input.Id}: {goal.Tokens[index]} (named in the goal)");
        }
    }

    private const double PlainScore = 0.85;

    // A plain lower-case word right next to a word that is the input's id or name ("the rest task" gives task_id
    // "rest"; "atlas aal" gives atlas "aal"), for String inputs without choices. It counts 0.85: a value-like word
    // one or two words from the input's words still wins.
    private static IEnumerable<(CatalogInput input, int index, double score)> PlainValues(List<CatalogInput> inputs, GoalText goal, IReadOnlyCollection<string> files, IReadOnlySet<string> applicationWords)
    {
        foreach (var input in inputs.Where(i => i.ValueChoices.Count == 0))
        {
            var terms = new InputTerms(input);
            for (var index = 0; index < goal.Tokens.Count; index++)
            {
                var token = goal.Tokens[index];
                if (!PlainWord().IsMatch(token) || Words.IsStopWord(token) || NotValues.Contains(token) || files.Contains(token)
                    || applicationWords.Contains(token) || terms.Match(token) > 0 || NumberReader.Read([token]).Count > 0)
                {
                    continue;
                }

                // The input's word next to it, not followed by "=" or ":" (which put its value after it: "echo, TR = 500").
                var named = new[] { index - 1, index + 1 }.Where(i => i >= 0 && i < goal.Tokens.Count)
                    .Any(i => Words.Terms(goal.Tokens[i]).Any(w => terms.Match(w) >= 0.9)
                        && !(i + 1 < goal.Tokens.Count && goal.Tokens[i + 1] is "=" or ":")
                        && !goal.Text.Contains(goal.Tokens[i] + ":", StringComparison.Ordinal));
                if (named)
                {
                    yield return (input, index, PlainScore);
                }
            }
        }
    }

    private static readonly HashSet<string> NotValues =
    [
        "only", "some", "any", "every", "both", "other", "same", "new", "old", "first", "last", "next", "own", "output",
        "input", "name", "named", "called", "value", "set", "add", "give", "want", "need", "folder", "directory",
        "please", "also", "just", "here", "there", "then", "when", "where", "which", "what", "default",
    ];

    private static bool Fits(CatalogInput input, double value)
    {
        if (input.Integer && value != Math.Floor(value))
        {
            return false;
        }

        if (input.ValueChoices.Count > 0)
        {
            return input.ValueChoices.Any(c => c is JsonValue v && v.TryGetValue<double>(out var choice) && choice == value);
        }

        return (input.Minimum is null || value >= input.Minimum) && (input.Maximum is null || value <= input.Maximum);
    }

    // A word that looks like a value: holds a digit, an underscore or an inner dot or dash (sub-01, main.mac, P012).
    [GeneratedRegex("^(?=.*[\\d_.-])[\\w][\\w.+-]*$")]
    private static partial Regex ValueLike();

    [GeneratedRegex("^[a-z][a-z0-9]{2,}$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^v?\\d+(\\.\\d+)+$")]
    private static partial Regex VersionLike();
}
