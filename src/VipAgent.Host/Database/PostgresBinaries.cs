using VipAgent.Host.Cli;

namespace VipAgent.Host.Database;

/// <summary>The PostgreSQL server programs the embedded cluster is started from.</summary>
public sealed record PostgresBinaries(string BinDir)
{
    /// <summary>Names a folder holding initdb, pg_ctl and postgres; when set, nothing else is searched.</summary>
    public const string BinDirVariable = "VIPAGENT_POSTGRES_BIN";

    public string InitDb => Path.Combine(BinDir, "initdb");

    public string PgCtl => Path.Combine(BinDir, "pg_ctl");

    /// <summary>Finds initdb and pg_ctl on PATH, else under /usr/lib/postgresql/*/bin (newest first).</summary>
    public static PostgresBinaries Locate()
    {
        var forced = Environment.GetEnvironmentVariable(BinDirVariable);
        var candidates = string.IsNullOrEmpty(forced) ? SearchPath() : [forced];
        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return new PostgresBinaries(ResolveLinks(dir));
            }
        }

        throw new VipException("VIP1001",
            "PostgreSQL is not installed: no initdb/pg_ctl found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install it with 'apt-get install postgresql', or point vip at a server with --connection, " +
            "VIPAGENT_CONNECTION or ConnectionStrings:VipAgent.");
    }

    private static IEnumerable<string> SearchPath()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var versions = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version);
            foreach (var (dir, _) in versions)
            {
                yield return Path.Combine(dir, "bin");
            }
        }
    }

    /// <summary>/usr/local/bin/initdb is often a link into the real bin folder, which also holds postgres.</summary>
    private static string ResolveLinks(string dir)
    {
        var initdb = new FileInfo(Path.Combine(dir, "initdb"));
        var target = initdb.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName) ?? dir;
    }
}
