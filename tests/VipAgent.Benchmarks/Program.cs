using BenchmarkDotNet.Running;

namespace VipAgent.Benchmarks;

/// <summary>Entry point of the benchmark suite; each benchmark class names the issue target it measures.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "registry")
        {
            await Registry.RegistryThroughput.RunAsync(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
