using System.CommandLine;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Apps;

/// <summary>`vip apps …`: Boutiques descriptors, checked and tried out before anything runs.</summary>
public static class AppsCommand
{
    public static Command Create(GlobalOptions globals) => new("apps", "Applications: import Boutiques descriptors into the registry, list and show them; validate, simulate and expand descriptors.")
    {
        ImportVerb.Create(globals),
        ListVerb.Create(globals),
        ShowVerb.Create(globals),
        ValidateVerb.Create(globals),
        SimulateVerb.Create(globals),
        ExpandVerb.Create(globals),
    };

    internal static Argument<string> DescriptorArgument() => new("DESCRIPTOR") { Description = "A Boutiques descriptor (JSON file)." };

    internal static Argument<string> InvocationArgument() => new("INVOCATION") { Description = "An invocation: a JSON file mapping input ids to values." };
}
