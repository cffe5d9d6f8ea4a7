using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using VipAgent.Execution.Dirac;
using VipAgent.Execution.Files;
using VipAgent.Host.Cli;

namespace VipAgent.Host.Dirac;

/// <summary>
/// The DIRAC settings (<c>VipAgent:Dirac:*</c>: Url, Vo, Group, ClientId, CpuTime, Priority, Sites, BannedSites,
/// Tags, Parametric, PageSize, Proxy) turned into <see cref="DiracOptions"/>; tokens live in <c>DATA-DIR/dirac/</c>.
/// </summary>
public static class DiracSettings
{
    private const string Section = "VipAgent:Dirac";

    /// <summary>The folder holding the DiracX token file.</summary>
    public static string TokenFolder(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Path.Combine(settings.DataDir, "dirac");
    }

    /// <summary>The options, or exit 2 naming the missing or wrong setting.</summary>
    public static DiracOptions Options(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var section = settings.Configuration.GetSection(Section);
        var url = section["Url"];
        var vo = section["Vo"];
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw VipException.InvalidInput(
                "VIP6001", $"{Section}:Url is not set to a DiracX URL: set it in appsettings.json or VipAgent__Dirac__Url.");
        }

        if (string.IsNullOrWhiteSpace(vo))
        {
            throw VipException.InvalidInput("VIP6001", $"{Section}:Vo is not set: name your virtual organisation (e.g. biomed).");
        }

        var options = new DiracOptions(uri, vo, TokenFolder(settings))
        {
            Group = Blank(section["Group"]),
            ClientId = Blank(section["ClientId"]) ?? "myDIRACClientID",
            CpuTimeSeconds = Number(section, "CpuTime", 86400),
            Priority = Number(section, "Priority", 1),
            Sites = List(section, "Sites"),
            BannedSites = List(section, "BannedSites"),
            Tags = List(section, "Tags"),
            Parametric = !bool.TryParse(section["Parametric"], out var parametric) || parametric,
            PageSize = Number(section, "PageSize", 1000),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw VipException.InvalidInput("VIP6001", e.Message);
        }

        return options;
    }

    /// <summary>The handler every DiracX call goes through: the configured proxy (<c>VipAgent:Dirac:Proxy</c>) when set.</summary>
    public static HttpMessageHandler Handler(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var proxy = Blank(settings.Configuration[$"{Section}:Proxy"]);
        return new SocketsHttpHandler
        {
            Proxy = proxy is null ? null : new WebProxy(proxy),
            UseProxy = proxy is not null || HttpClient.DefaultProxy is not null,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>The DIRAC backend for executions (what <c>--backend dirac</c> stands for).</summary>
    public static DiracBackend CreateBackend(HostSettings settings, ContentStore store, TimeProvider time) =>
        DiracBackend.Create(Options(settings), store, time, Handler(settings), disposeHandler: true);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Number(IConfigurationSection section, string name, int fallback)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw VipException.InvalidInput("VIP6001", $"{Section}:{name} '{text}' is not a whole number.");
    }

    /// <summary>A list given as an array (<c>Sites:0</c>, <c>Sites:1</c>) or as one comma-separated value.</summary>
    private static List<string> List(IConfigurationSection section, string name)
    {
        var child = section.GetSection(name);
        var items = child.GetChildren().Select(c => c.Value).ToList();
        if (items.Count == 0 && child.Value is { } joined)
        {
            items = [.. joined.Split(',')];
        }

        return [.. items.Select(Blank).OfType<string>()];
    }
}
