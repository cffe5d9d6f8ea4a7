using System.Globalization;
using System.Text;

namespace VipAgent.Testing.DiracX;

/// <summary>
/// A strict parser of DIRAC JDL (ClassAd) text, for the contract server: <c>[ Name = value; … ]</c> with quoted
/// strings (escapes <c>\" \\ \n \r \t</c> only), integers, bare words and <c>{…}</c> lists (nested allowed).
/// Anything else, a repeated attribute or trailing text is a syntax error, as DiracX answers "JDL syntax error".
/// </summary>
public static class ClassAd
{
    /// <summary>The attributes of <paramref name="text"/>, names compared without case.</summary>
    public static IReadOnlyDictionary<string, object> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text.Trim());
        return parser.ParseAd();
    }

    /// <summary>A value as a list of strings (a scalar becomes a one-item list).</summary>
    public static IReadOnlyList<string> Strings(object value) => value switch
    {
        IReadOnlyList<object> list => list.Select(v => v as string ?? Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList(),
        _ => [Convert.ToString(value, CultureInfo.InvariantCulture)!],
    };

    private sealed class Parser(string text)
    {
        private int _at;

        public Dictionary<string, object> ParseAd()
        {
            var wrapped = Peek() == '[';
            if (wrapped)
            {
                _at++;
            }

            var ad = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSpace();
                if (wrapped && Peek() == ']')
                {
                    _at++;
                    break;
                }

                if (!wrapped && _at >= text.Length)
                {
                    break;
                }

                var name = Name();
                SkipSpace();
                Expect('=');
                var value = Value();
                if (!ad.TryAdd(name, value))
                {
                    throw Error($"attribute '{name}' is set twice");
                }

                SkipSpace();
                if (Peek() == ';')
                {
                    _at++;
                }
                else if (!(wrapped && Peek() == ']') && _at < text.Length)
                {
                    throw Error($"';' expected after attribute '{name}'");
                }
            }

            SkipSpace();
            if (_at != text.Length)
            {
                throw Error("text after the closing ']'");
            }

            if (ad.Count == 0)
            {
                throw Error("no attributes");
            }

            return ad;
        }

        private object Value()
        {
            SkipSpace();
            var c = Peek();
            if (c == '"')
            {
                return QuotedString();
            }

            if (c == '{')
            {
                _at++;
                var items = new List<object>();
                SkipSpace();
                if (Peek() == '}')
                {
                    _at++;
                    return items;
                }

                while (true)
                {
                    items.Add(Value());
                    SkipSpace();
                    var next = Peek();
                    _at++;
                    if (next == '}')
                    {
                        return items;
                    }

                    if (next != ',')
                    {
                        throw Error("',' or '}' expected in a list");
                    }
                }
            }

            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '.' or '-' or '+' or '%'))
            {
                _at++;
            }

            if (start == _at)
            {
                throw Error($"a value expected, found '{(c == '\0' ? "end of text" : c.ToString())}'");
            }

            var word = text[start.._at];
            return long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : word;
        }

        private string QuotedString()
        {
            _at++;
            var value = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = text[_at++];
                if (c == '"')
                {
                    return value.ToString();
                }

                if (c == '\\')
                {
                    var escaped = _at < text.Length ? text[_at++] : '\0';
                    value.Append(escaped switch
                    {
                        '"' => '"',
                        '\\' => '\\',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        _ => throw Error($"unknown escape '\\{escaped}'"),
                    });
                    continue;
                }

                if (char.IsControl(c))
                {
                    throw Error("a raw control character (newline?) inside a string");
                }

                value.Append(c);
            }
        }

        private string Name()
        {
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '.'))
            {
                _at++;
            }

            if (start == _at || !char.IsAsciiLetter(text[start]))
            {
                throw Error("an attribute name expected");
            }

            return text[start.._at];
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"'{c}' expected");
            }

            _at++;
        }

        private char Peek() => _at < text.Length ? text[_at] : '\0';

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private FormatException Error(string what) =>
            new($"JDL syntax error at character {_at}: {what}");
    }
}
