using System.CommandLine;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Dirac;

/// <summary>`vip dirac …`: log the service in to DiracX once, and see whether it still is.</summary>
public static class DiracCommand
{
    public static Command Create(GlobalOptions globals) => new("dirac", "The DIRAC grid through DiracX: log in once (device code), show the login's state.")
    {
        DiracLoginVerb.Create(globals),
        DiracStatusVerb.Create(globals),
    };
}
