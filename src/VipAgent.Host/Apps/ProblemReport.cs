using VipAgent.Boutiques;

namespace VipAgent.Host.Apps;

/// <summary>Prints descriptor and invocation problems the way every apps verb does: one line each on stderr.</summary>
internal static class ProblemReport
{
    public static int Write(string file, IEnumerable<DescriptorProblem> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"{file}: {problem.Path}: {problem.Message}");
        }

        return Cli.ExitCodes.InvalidInput;
    }

    public static object ToJson(IEnumerable<DescriptorProblem> problems) =>
        problems.Select(p => new { path = p.Path, message = p.Message }).ToList();
}
