using System.CommandLine;

namespace VipAgent.Host.Cli;

/// <summary>Options every verb accepts (ARCHITECTURE.md, "Global options").</summary>
public sealed class GlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for VipAgent's data: the embedded PostgreSQL cluster, keys and files. " +
                      "Default: $VIPAGENT_DATA, else ~/.local/share/vipagent.",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string of a server to use instead of the embedded cluster. " +
                      "Default: $VIPAGENT_CONNECTION, else ConnectionStrings:VipAgent in appsettings.json.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text.",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(DataDir);
        root.Options.Add(Connection);
        root.Options.Add(Json);
    }

    public HostSettings Read(ParseResult result) =>
        HostSettings.Resolve(result.GetValue(DataDir), result.GetValue(Connection), result.GetValue(Json));
}
