using System.CommandLine;
using VipAgent.Host.Executions;
using VipAgent.Planner.Plans;

namespace VipAgent.Host.Planning;

/// <summary>The goal and its context, as `vip plan` and `vip run` take them.</summary>
internal sealed class GoalOptions
{
    public Argument<string> Goal { get; } = new("GOAL") { Description = "What to run, in plain English, e.g. \"threshold scan.nii at 8\"." };

    public Option<string[]> Files { get; } = new("--file")
    {
        Description = "An input file or folder the goal is about (repeat for several); relative paths are read from the current folder.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Sensitive { get; } = new("--sensitive") { Description = "The data is identifiable patient data: it never leaves this site (no grid)." };

    public Option<string?> Backends { get; } = new("--backends")
    {
        Description = $"The backends the planner may choose among, comma-separated ({string.Join(", ", ExecutionBackends.Names)}); local is always among them, and the backend policy picks one (to insist on one, say so in the goal: 'on the grid', 'on the cluster'). Default: those this site has configured.",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Goal);
        command.Options.Add(Files);
        command.Options.Add(Sensitive);
        command.Options.Add(Backends);
    }

    public PlanRequest Read(ParseResult result) => new(
        result.GetValue(Goal) ?? "",
        result.GetValue(Files) ?? [],
        result.GetValue(Sensitive),
        result.GetValue(Backends) is { } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : null);
}
