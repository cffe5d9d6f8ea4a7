using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Model;

namespace VipAgent.Boutiques.Generation;

/// <summary>
/// Values rendered the way bosh renders them with Python's <c>str()</c>: integers as digits,
/// reals as Python's float repr (<c>1.0</c>, <c>1e-05</c>, <c>1e+16</c>), booleans as <c>True</c>/<c>False</c>.
/// The JSON number's int/real distinction is kept: <c>1</c> stays <c>1</c>, <c>1.0</c> stays <c>1.0</c>.
/// </summary>
public static class PythonText
{
    public static string Str(JsonNode? value) => value switch
    {
        null => "None",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Number => Number(v),
            _ => v.ToJsonString(),
        },
        _ => value.ToJsonString(),
    };

    /// <summary>True when the JSON number was written without fraction or exponent (Python loads it as <c>int</c>).</summary>
    public static bool IsIntegerLiteral(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            return raw.IndexOfAny(['.', 'e', 'E']) < 0;
        }

        return value.TryGetValue<int>(out _) || value.TryGetValue<long>(out _);
    }

    private static string Number(JsonValue value)
    {
        if (IsIntegerLiteral(value))
        {
            return value.TryGetValue<JsonElement>(out var element) ? element.GetRawText().TrimStart('+') : value.ToJsonString();
        }

        return FloatRepr(value.AsDouble());
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, scientific when the exponent is below -4 or at least 16.</summary>
    public static string FloatRepr(double number)
    {
        if (double.IsNaN(number))
        {
            return "nan";
        }

        if (double.IsInfinity(number))
        {
            return number > 0 ? "inf" : "-inf";
        }

        if (number == 0)
        {
            return double.IsNegative(number) ? "-0.0" : "0.0";
        }

        // Fast path: .NET's shortest round-trip text without exponent is Python's repr, less a missing ".0".
        var shortest = number.ToString("R", CultureInfo.InvariantCulture);
        if (shortest.IndexOf('E', StringComparison.Ordinal) < 0 && Math.Abs(number) is >= 1e-4 and < 1e16)
        {
            return shortest.Contains('.', StringComparison.Ordinal) ? shortest : shortest + ".0";
        }

        var (digits, exponent) = ShortestDigits(Math.Abs(number));
        var sign = number < 0 ? "-" : "";
        var text = new StringBuilder(sign);
        if (exponent is >= -4 and < 16)
        {
            var point = exponent + 1;
            if (point <= 0)
            {
                text.Append("0.").Append('0', -point).Append(digits);
            }
            else if (point >= digits.Length)
            {
                text.Append(digits).Append('0', point - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // The shortest round-trip significant digits and the decimal exponent of the first digit.
    private static (string Digits, int Exponent) ShortestDigits(double positive)
    {
        var r = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? r : r[..dot];
        var fraction = dot < 0 ? "" : r[(dot + 1)..];
        var all = integerPart + fraction;
        var firstNonZero = 0;
        while (firstNonZero < all.Length - 1 && all[firstNonZero] == '0')
        {
            firstNonZero++;
        }

        var digits = all[firstNonZero..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (digits, exponent + integerPart.Length - 1 - firstNonZero);
    }
}
