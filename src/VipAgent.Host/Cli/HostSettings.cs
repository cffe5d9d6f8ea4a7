using Microsoft.Extensions.Configuration;

namespace VipAgent.Host.Cli;

/// <summary>
/// Where VipAgent keeps its data and which database it talks to, resolved once from
/// flags, environment variables and appsettings.json, in that order of precedence.
/// </summary>
public sealed record HostSettings(string DataDir, string? ConnectionString, bool Json, IConfiguration Configuration)
{
    public const string DataDirVariable = "VIPAGENT_DATA";
    public const string ConnectionVariable = "VIPAGENT_CONNECTION";

    public static HostSettings Resolve(string? dataDirFlag, string? connectionFlag, bool json)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();

        var dataDir = FirstNonEmpty(dataDirFlag, Environment.GetEnvironmentVariable(DataDirVariable), configuration["VipAgent:DataDir"])
                      ?? DefaultDataDir();
        var connection = FirstNonEmpty(connectionFlag, Environment.GetEnvironmentVariable(ConnectionVariable),
            configuration.GetConnectionString("VipAgent"));
        return new HostSettings(Path.GetFullPath(ExpandHome(dataDir)), connection, json, configuration);
    }

    private static string DefaultDataDir()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(baseDir, "vipagent");
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
