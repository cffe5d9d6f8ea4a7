using BenchmarkDotNet.Running;
using VipAgent.Benchmarks.Foundation;

namespace VipAgent.Benchmarks;

/// <summary>
/// Entry point of the benchmark suite. Whole-process measurements run by name
/// (`-- startup [rounds]`, `-- bundled [rounds]`, `-- registry …`, `-- execution [local] [slurm]`, `-- scheduler [executions] [jobs] [local-jobs]`, `-- dirac [jobs]`, `-- onnx [rounds]`, `-- planner [lexical|hybrid] [sizes] [--rounds N]`, `-- mcp [seconds] [clients] [rounds]`, `-- workflow [applications] [rounds]`); everything else goes to
/// BenchmarkDotNet (`-- --filter '*Name*'`).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        switch (args)
        {
            case ["startup", .. var rest]:
                await StartupTimes.RunAsync(rest is [var n, ..] && int.TryParse(n, out var rounds) ? rounds : 5);
                break;
            case ["registry", .. var rest]:
                await Registry.RegistryThroughput.RunAsync([.. rest]);
                break;
            case ["scheduler", .. var rest]:
                await Execution.SchedulerBenchmark.RunAsync([.. rest], CancellationToken.None);
                break;
            case ["bundled", .. var rest]:
                await Apps.BundledImportCost.RunAsync(rest is [var b, ..] && int.TryParse(b, out var bundledRounds) ? bundledRounds : 5);
                break;
            case ["onnx", .. var rest]:
                await Onnx.OnnxBenchmark.RunAsync(rest is [var r, ..] && int.TryParse(r, out var onnxRounds) ? onnxRounds : 20, CancellationToken.None);
                break;
            case ["execution", .. var rest]:
                await Execution.ExecutionBenchmarks.RunAsync(rest, CancellationToken.None);
                break;
            case ["dirac", .. var rest]:
                await Execution.DiracBenchmark.RunAsync([.. rest], CancellationToken.None);
                break;
            case ["planner", .. var rest]:
                Planner.PlannerLatency.Run(rest);
                break;
            case ["mcp", .. var rest]:
                await Mcp.McpBenchmark.RunAsync([.. rest]);
                break;
            case ["workflow", .. var rest]:
                await Planning.WorkflowBenchmark.RunAsync([.. rest], CancellationToken.None);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }
    }
}
