using System.Runtime.InteropServices;

namespace VipAgent.Host.Database;

/// <summary>
/// An advisory lock (flock) on a file in the data folder. The kernel drops it when the
/// process dies, so a crashed vip never leaves a stale lock behind. The file is opened with
/// open(2) directly: .NET's FileStream adds flock-based sharing checks of its own that would
/// collide with these locks.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int OpenReadWrite = 2;
    private const int OpenCreate = 64;
    private const int OpenCloseOnExec = 0x80000;
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int Interrupted = 4;

    private int _fd;

    private FileLock(int fd) => _fd = fd;

    /// <summary>Takes the lock, waiting for it when <paramref name="wait"/> is true; null when it is held elsewhere.</summary>
    public static FileLock? TryAcquire(string path, bool exclusive, bool wait)
    {
        var fd = Open(path, OpenReadWrite | OpenCreate | OpenCloseOnExec, 0b110_100_100);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the lock file {path} (errno {Marshal.GetLastPInvokeError()}).");
        }

        var operation = (exclusive ? LockExclusive : LockShared) | (wait ? 0 : LockNonBlocking);
        while (Flock(fd, operation) != 0)
        {
            if (Marshal.GetLastPInvokeError() != Interrupted)
            {
                _ = Close(fd);
                return null;
            }
        }

        return new FileLock(fd);
    }

    public static FileLock Acquire(string path, bool exclusive) =>
        TryAcquire(path, exclusive, wait: true) ?? throw new IOException($"Could not lock {path}.");

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Close(fd); // closing the last descriptor releases the flock
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
