using System.Diagnostics;
using System.Globalization;
using VipAgent.Boutiques.Generation;

namespace VipAgent.Boutiques.Tests.Generation;

/// <summary>Number formatting compared with Python itself, since bosh's command lines are compared byte for byte.</summary>
public sealed class PythonReprTests
{
    [Fact]
    public void Formats_reals_exactly_as_python_repr_does()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/python3"), "python3 is not installed");
        var random = new Random(20260120);
        var numbers = Enumerable.Range(0, 400)
            .Select(i => (i % 4) switch
            {
                0 => random.NextDouble(),
                1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 25)),
                2 => Math.Round(random.NextDouble() * 1000, random.Next(0, 4)),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x7FEFFFFFFFFFFFFF)),
            })
            .Concat([0.0, 1.0, 1e-5, 1e15, 1e16, 0.0001, 123456789.0, 5e-324, double.MaxValue])
            .ToList();

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys\nfor line in sys.stdin: print(repr(float.fromhex(line.strip())))");
        using var python = Process.Start(start)!;
        foreach (var number in numbers)
        {
            python.StandardInput.WriteLine(Hex(number));
        }

        python.StandardInput.Close();
        var expected = python.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        python.WaitForExit();

        numbers.Select(PythonText.FloatRepr).ShouldBe(expected);
    }

    // Python's float.hex form, exact for every finite double.
    private static string Hex(double number)
    {
        var bits = BitConverter.DoubleToInt64Bits(number);
        var sign = bits < 0 ? "-" : "";
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFF;
        return exponent == 0
            ? $"{sign}0x0.{mantissa.ToString("x13", CultureInfo.InvariantCulture)}p-1022"
            : $"{sign}0x1.{mantissa.ToString("x13", CultureInfo.InvariantCulture)}p{exponent - 1023}";
    }
}
