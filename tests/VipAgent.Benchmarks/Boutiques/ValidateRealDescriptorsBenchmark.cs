using BenchmarkDotNet.Attributes;
using VipAgent.Boutiques;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Boutiques;

/// <summary>Issue 3 target: parse and validate the 77 real VIP and CBRAIN descriptors in under 50 ms in all.</summary>
[MemoryDiagnoser]
public class ValidateRealDescriptorsBenchmark
{
    private List<string> _texts = [];

    [GlobalSetup]
    public void Load()
    {
        var root = SharedData.Root ?? throw new InvalidOperationException("../shared is needed for the real descriptors");
        _texts = new[] { "vip", "cbrain" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, "descriptors", folder), "*.json"))
            .Select(File.ReadAllText)
            .ToList();
    }

    [Benchmark(Description = "validate 77 real descriptors")]
    public int ValidateAll()
    {
        var problems = 0;
        foreach (var text in _texts)
        {
            problems += BoutiquesEngine.Validate(text).Count;
        }

        return problems;
    }
}
