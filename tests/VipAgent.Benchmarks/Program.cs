using BenchmarkDotNet.Running;
using VipAgent.Benchmarks.Foundation;

namespace VipAgent.Benchmarks;

/// <summary>
/// Entry point of the benchmark suite. Whole-process measurements run by name
/// (`-- startup`); everything else goes to BenchmarkDotNet (`-- --filter '*Name*'`).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var rounds = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 5;
        switch (args.FirstOrDefault())
        {
            case "startup":
                await StartupTimes.RunAsync(rounds);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }
    }
}
