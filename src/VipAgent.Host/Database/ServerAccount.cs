using Microsoft.Extensions.Logging;

namespace VipAgent.Host.Database;

/// <summary>
/// The account the embedded server runs under. PostgreSQL refuses to run as root, so when vip
/// runs as root the server runs as the 'postgres' account, which must own its folders and be
/// able to reach them.
/// </summary>
public sealed class ServerAccount
{
    private ServerAccount(string? runAs) => RunAs = runAs;

    /// <summary>The user to switch to, or null to run as the current user.</summary>
    public string? RunAs { get; }

    public static ServerAccount Current() =>
        new(Environment.IsPrivilegedProcess ? "postgres" : null);

    public Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct) =>
        ProcessRunner.RunAsync(program, arguments, RunAs, timeout, ct);

    /// <summary>Creates a folder the server can own (mode 0700).</summary>
    public async Task PrepareFolderAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await GiveAsync(path, ct);
    }

    /// <summary>Hands a file to the server account (a no-op when the server runs as the current user).</summary>
    public async Task GiveAsync(string path, CancellationToken ct)
    {
        if (RunAs is not null)
        {
            await RequireSuccessAsync(ProcessRunner.RunAsync("chown", [$"{RunAs}:", path], null, TimeSpan.FromSeconds(10), ct), "chown");
        }
    }

    /// <summary>
    /// Lets the server account walk down to the data folder: folders such as /root are closed to
    /// other users. Grants only search (x) permission, by ACL where setfacl exists, else o+x.
    /// </summary>
    public async Task EnsureCanReachAsync(string folder, ILogger logger, CancellationToken ct)
    {
        if (RunAs is null)
        {
            return;
        }

        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (mode.HasFlag(UnixFileMode.OtherExecute))
            {
                continue;
            }

            var probe = await ProcessRunner.RunAsync("test", ["-x", dir.FullName], RunAs, TimeSpan.FromSeconds(10), ct);
            if (probe.ExitCode == 0)
            {
                continue;
            }

            var acl = await TryRunAsync("setfacl", ["-m", $"u:{RunAs}:x", dir.FullName], ct);
            if (!acl)
            {
                File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
            }

            logger.LogWarning("Granted the {Account} account search permission on {Folder} so the embedded PostgreSQL server can reach its data ({Method})",
                RunAs, dir.FullName, acl ? "ACL" : "o+x");
        }
    }

    private static async Task<bool> TryRunAsync(string program, string[] arguments, CancellationToken ct)
    {
        try
        {
            return (await ProcessRunner.RunAsync(program, arguments, null, TimeSpan.FromSeconds(10), ct)).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // program not installed
        }
    }

    private static async Task RequireSuccessAsync(Task<ProcessResult> run, string what)
    {
        var result = await run;
        if (result.ExitCode != 0)
        {
            throw new IOException($"{what} failed: {result.Output}");
        }
    }
}
