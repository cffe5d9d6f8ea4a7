using VipAgent.Host.Cli;

namespace VipAgent.Host.Database;

/// <summary>The data folder: created on first use, and checked to be a folder this user can write.</summary>
public sealed record DataFolder(string Path)
{
    /// <summary>pg_ctl passes the data path through /bin/sh inside double quotes; these would break out of them.</summary>
    private static readonly char[] ShellUnsafe = ['"', '`', '$', '\\', '\n', '\r'];

    public string PostgresData => System.IO.Path.Combine(Path, "postgres");

    public string PostgresRun => System.IO.Path.Combine(Path, "postgres-run");

    public string ClusterSecret => System.IO.Path.Combine(Path, "postgres.secret");

    public string StartLock => System.IO.Path.Combine(Path, ".cluster-start.lock");

    public string UsersLock => System.IO.Path.Combine(Path, ".cluster-users.lock");

    public string ServeLock => System.IO.Path.Combine(Path, ".serve.lock");

    public string ServeInfo => System.IO.Path.Combine(Path, "serve.json");

    public static DataFolder Open(string path)
    {
        if (path.IndexOfAny(ShellUnsafe) >= 0)
        {
            throw VipException.InvalidInput("VIP1002",
                $"The data folder '{path}' contains a character PostgreSQL's tools cannot take (\" ` $ \\ or a newline); choose another with --data-dir.");
        }

        try
        {
            if (File.Exists(path))
            {
                throw new IOException("it is a file, not a folder");
            }

            Directory.CreateDirectory(path);
            var probe = System.IO.Path.Combine(path, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw VipException.InvalidInput("VIP1003",
                $"The data folder '{path}' is not usable ({e.Message.TrimEnd('.')}); choose a folder you can write with --data-dir or VIPAGENT_DATA.");
        }

        return new DataFolder(path);
    }
}
