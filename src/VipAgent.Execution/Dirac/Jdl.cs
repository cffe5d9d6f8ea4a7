using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VipAgent.Execution.Dirac;

/// <summary>
/// Writes DIRAC JDL (ClassAd) text. Every string goes through <see cref="Quote"/>: backslash and double quote are
/// escaped, newlines/tabs written as escapes, other control characters and DiracX's placeholders (<c>%j</c>, <c>%n</c>,
/// <c>%s</c>, <c>%(NAME)s</c>, which the server would replace) refused, so no value can end its string or add an attribute.
/// </summary>
public sealed partial class Jdl
{
    private readonly StringBuilder _text = new("[\n");
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A quoted ClassAd string holding exactly <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Placeholder().Match(value) is { Success: true } found)
        {
            throw new ArgumentException(
                $"The JDL value '{value}' contains '{found.Value}', which DiracX would replace by a job id or parameter: remove it.");
        }

        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case var other when char.IsControl(other):
                    throw new ArgumentException(
                        $"The JDL value '{value}' holds the control character U+{(int)other:X4}, which a JDL string cannot carry: remove it.");
                default: quoted.Append(c); break;
            }
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A ClassAd list of quoted strings, <c>{"a", "b"}</c>.</summary>
    public static string List(IEnumerable<string> values) => "{" + string.Join(", ", values.Select(Quote)) + "}";

    /// <summary>Adds <c>Name = "value";</c>.</summary>
    public Jdl Set(string name, string value) => Raw(name, Quote(value));

    /// <summary>Adds <c>Name = 123;</c>.</summary>
    public Jdl Set(string name, long value) => Raw(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds <c>Name = {"a", "b"};</c> (nothing when the list is empty).</summary>
    public Jdl Set(string name, IReadOnlyList<string> values) => values.Count == 0 ? this : Raw(name, List(values));

    /// <summary>
    /// Adds a value written by the caller as ClassAd text: only for parametric templates such as <c>{"%(sandbox)s"}</c>,
    /// never for user values.
    /// </summary>
    internal Jdl Raw(string name, string text)
    {
        if (!AttributeName().IsMatch(name) || !_names.Add(name))
        {
            throw new ArgumentException($"'{name}' is not a JDL attribute name, or is set twice.", nameof(name));
        }

        _text.Append("  ").Append(name).Append(" = ").Append(text).Append(";\n");
        return this;
    }

    /// <summary>The JDL text, wrapped in <c>[ ]</c>.</summary>
    public override string ToString() => _text.ToString() + "]";

    [GeneratedRegex(@"%(j|n|s|\()")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$")]
    private static partial Regex AttributeName();
}
