using System.Globalization;
using System.Text.RegularExpressions;

namespace VipAgent.Boutiques.Generation;

/// <summary>
/// The condition of a conditional-path-template entry (<c>"str1 and (num1 > 10)"</c>), tokenised as bosh does
/// (<c>( ) == != &lt;= &gt;= &lt; &gt;</c> padded with spaces, then split on whitespace) and evaluated without Python's <c>eval</c>.
/// </summary>
internal static partial class ConditionalExpression
{
    public static readonly HashSet<string> Comparators = ["==", "!=", "<=", ">=", "<", ">"];

    public static IReadOnlyList<string> Tokenize(string condition) =>
        Operators().Replace(condition, m => " " + m.Value + " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static bool IsNumberLiteral(string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !token.Contains('"', StringComparison.Ordinal);

    public static bool IsStringLiteral(string token) =>
        token.Length >= 2 && token[0] == token[^1] && token[0] is '"' or '\'';

    public static bool IsBoolLiteral(string token) => token is "True" or "False" or "true" or "false";

    /// <summary>
    /// Evaluates a condition; <paramref name="lookup"/> gives each id's value (a double, string or bool) or
    /// <c>null</c> when the id is a parameter without a value, which makes the whole condition false (as in bosh).
    /// </summary>
    public static bool Evaluate(string condition, Func<string, (bool IsParameter, object? Value)> lookup)
    {
        var values = new List<object>();
        foreach (var token in Tokenize(condition))
        {
            var (isParameter, value) = lookup(token);
            if (isParameter)
            {
                if (value is null)
                {
                    return false;
                }

                values.Add(value);
            }
            else
            {
                values.Add(Literal(token));
            }
        }

        var parser = new Parser(values);
        return Truthy(parser.Or());
    }

    private static object Literal(string token)
    {
        if (IsStringLiteral(token))
        {
            return new Text(token[1..^1]);
        }

        if (IsBoolLiteral(token))
        {
            return token is "True" or "true";
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return new Word(token);
    }

    internal static bool Truthy(object? value) => value switch
    {
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        _ => false,
    };

    // Text from the expression (a quoted literal or a value); Word is an operator, keyword or parenthesis.
    private sealed record Text(string Value);

    private sealed record Word(string Value);

    private sealed class Parser(List<object> tokens)
    {
        private int _next;

        private bool At(string word) => _next < tokens.Count && tokens[_next] is Word w && w.Value == word;

        public object? Or()
        {
            var left = And();
            while (At("or"))
            {
                _next++;
                var right = And();
                left = Truthy(left) ? left : right;
            }

            return left;
        }

        private object? And()
        {
            var left = Not();
            while (At("and"))
            {
                _next++;
                var right = Not();
                left = Truthy(left) ? right : left;
            }

            return left;
        }

        private object? Not()
        {
            if (At("not"))
            {
                _next++;
                return !Truthy(Not());
            }

            var left = Atom();
            if (_next < tokens.Count && tokens[_next] is Word op && Comparators.Contains(op.Value))
            {
                _next++;
                return Compare(left, op.Value, Atom());
            }

            return left;
        }

        private object? Atom()
        {
            if (_next >= tokens.Count)
            {
                return null;
            }

            var token = tokens[_next++];
            if (token is Word { Value: "(" })
            {
                var inner = Or();
                if (At(")"))
                {
                    _next++;
                }

                return inner;
            }

            return token switch
            {
                Text t => t.Value,
                Word => null,
                _ => token,
            };
        }

        private static bool Compare(object? left, string op, object? right)
        {
            if (left is double a && right is double b)
            {
                return op switch { "==" => a == b, "!=" => a != b, "<" => a < b, ">" => a > b, "<=" => a <= b, _ => a >= b };
            }

            if (left is string s && right is string t)
            {
                var c = string.CompareOrdinal(s, t);
                return op switch { "==" => c == 0, "!=" => c != 0, "<" => c < 0, ">" => c > 0, "<=" => c <= 0, _ => c >= 0 };
            }

            return op switch { "==" => Equals(left, right), "!=" => !Equals(left, right), _ => false };
        }
    }

    [GeneratedRegex("==|!=|<=|>=|<|>|\\(|\\)")]
    private static partial Regex Operators();
}
