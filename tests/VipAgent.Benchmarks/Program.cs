using BenchmarkDotNet.Running;

namespace VipAgent.Benchmarks;

/// <summary>Entry point of the benchmark suite; each benchmark class names the issue target it measures.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["execution", .. var rest])
        {
            Execution.ExecutionBenchmarks.RunAsync(rest, CancellationToken.None).GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
