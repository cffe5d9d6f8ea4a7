using System.Text.Json;
using VipAgent.Host.Cli;
using VipAgent.Host.Database;

namespace VipAgent.Host.Serve;

/// <summary>Allows one `vip serve` per data folder, and tells a second one where the first is.</summary>
public sealed class ServeLock : IDisposable
{
    private readonly FileLock _lock;
    private readonly DataFolder _folder;

    private ServeLock(FileLock fileLock, DataFolder folder)
    {
        _lock = fileLock;
        _folder = folder;
    }

    public static ServeLock Acquire(DataFolder folder)
    {
        var held = FileLock.TryAcquire(folder.ServeLock, exclusive: true, wait: false);
        if (held is not null)
        {
            return new ServeLock(held, folder);
        }

        var where = "";
        try
        {
            var info = JsonSerializer.Deserialize<ServeInfo>(File.ReadAllText(folder.ServeInfo));
            where = info is null ? "" : $" (pid {info.Pid}, {info.Urls})";
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // still starting up: the lock is what counts
        }

        throw new VipException("VIP1010",
            $"vip serve is already running on the data folder {folder.Path}{where}; stop it first, or give this one another --data-dir.");
    }

    /// <summary>The running `vip serve` of <paramref name="folder"/> (its pid and addresses), or null when none runs.</summary>
    public static (int Pid, string Urls)? FindRunning(DataFolder folder)
    {
        if (!File.Exists(folder.ServeLock))
        {
            return null;
        }

        using (var probe = FileLock.TryAcquire(folder.ServeLock, exclusive: false, wait: false))
        {
            if (probe is not null)
            {
                return null;
            }
        }

        try
        {
            var info = JsonSerializer.Deserialize<ServeInfo>(File.ReadAllText(folder.ServeInfo));
            return info is null ? (0, "") : (info.Pid, info.Urls);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return (0, ""); // starting: the lock is what counts
        }
    }

    public void Publish(string urls) =>
        File.WriteAllText(_folder.ServeInfo, JsonSerializer.Serialize(new ServeInfo(Environment.ProcessId, urls)));

    public void Dispose()
    {
        File.Delete(_folder.ServeInfo);
        _lock.Dispose();
    }

    private sealed record ServeInfo(int Pid, string Urls);
}
