using VipAgent.Host.Cli;
using VipAgent.Host.Executions;

namespace VipAgent.Host.Planning;

/// <summary>
/// The backends this site has, as the planner may choose them when a goal does not name any: local and onnx always
/// (they run on this machine), slurm when <c>VipAgent:Slurm</c> is configured, dirac when <c>VipAgent:Dirac:Url</c> is.
/// </summary>
internal static class SiteBackends
{
    public static IReadOnlyList<string> Of(HostSettings settings)
    {
        var backends = new List<string> { ExecutionBackends.Local, ExecutionBackends.Onnx };
        if (settings.Configuration.GetSection("VipAgent:Slurm").Exists())
        {
            backends.Add(ExecutionBackends.Slurm);
        }

        if (!string.IsNullOrWhiteSpace(settings.Configuration["VipAgent:Dirac:Url"]))
        {
            backends.Add(ExecutionBackends.Dirac);
        }

        return backends;
    }
}
