using System.Globalization;
using System.Text.RegularExpressions;

namespace VipAgent.Planner.Binding;

/// <summary>A number written in a goal: its value, the token where it starts and how many tokens it spans.</summary>
public sealed record GoalNumber(double Value, int Index, int Width);

/// <summary>
/// Reads numbers in the forms researchers write: <c>100</c>, <c>0.3</c>, <c>1e8</c>, <c>5,000</c>, <c>10k</c>,
/// <c>100 million</c>, <c>fifty</c>, <c>twenty five</c>, <c>a single</c>; a unit after the number (<c>2.5 mm</c>)
/// is left to the context.
/// </summary>
public static partial class NumberReader
{
    private static readonly Dictionary<string, double> Units = new()
    {
        ["zero"] = 0,
        ["one"] = 1,
        ["single"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["thirteen"] = 13,
        ["fourteen"] = 14,
        ["fifteen"] = 15,
        ["sixteen"] = 16,
        ["seventeen"] = 17,
        ["eighteen"] = 18,
        ["nineteen"] = 19,
        ["twenty"] = 20,
        ["thirty"] = 30,
        ["forty"] = 40,
        ["fifty"] = 50,
        ["sixty"] = 60,
        ["seventy"] = 70,
        ["eighty"] = 80,
        ["ninety"] = 90,
    };

    private static readonly Dictionary<string, double> Scales = new()
    {
        ["hundred"] = 100,
        ["thousand"] = 1e3,
        ["million"] = 1e6,
        ["millions"] = 1e6,
        ["billion"] = 1e9,
    };

    /// <summary>Every number in <paramref name="tokens"/>.</summary>
    public static IReadOnlyList<GoalNumber> Read(IReadOnlyList<string> tokens)
    {
        var numbers = new List<GoalNumber>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var start = i;
            double? value = Digits(tokens[i]);
            if (value is null && Units.TryGetValue(tokens[i].ToLowerInvariant(), out var unit))
            {
                value = unit;
                if (unit >= 20 && i + 1 < tokens.Count && Units.TryGetValue(tokens[i + 1].ToLowerInvariant(), out var ones) && ones < 10)
                {
                    value += ones;
                    i++;
                }
            }

            if (value is null)
            {
                continue;
            }

            while (i + 1 < tokens.Count && Scales.TryGetValue(tokens[i + 1].ToLowerInvariant(), out var scale))
            {
                value *= scale;
                i++;
            }

            numbers.Add(new GoalNumber(value.Value, start, i - start + 1));
        }

        return numbers;
    }

    private static double? Digits(string token)
    {
        var match = Numeric().Match(token);
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups["n"].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
        return match.Groups["s"].Value.ToLowerInvariant() switch
        {
            "k" => value * 1e3,
            "m" => value * 1e6,
            _ => value,
        };
    }

    [GeneratedRegex("^(?<n>[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?([eE][+-]?\\d+)?)(?<s>[kKM]?)$")]
    private static partial Regex Numeric();
}
