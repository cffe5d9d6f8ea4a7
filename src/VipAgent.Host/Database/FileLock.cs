using System.Runtime.InteropServices;

namespace VipAgent.Host.Database;

/// <summary>
/// An advisory lock (flock) on a file in the data folder. The kernel drops it when the
/// process dies, so a crashed vip never leaves a stale lock behind.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;

    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting for it when <paramref name="wait"/> is true; null when it is held elsewhere.</summary>
    public static FileLock? TryAcquire(string path, bool exclusive, bool wait)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var operation = (exclusive ? LockExclusive : LockShared) | (wait ? 0 : LockNonBlocking);
        while (true)
        {
            if (Flock(Fd(stream), operation) == 0)
            {
                return new FileLock(stream);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == 4)
            {
                continue; // EINTR: a signal arrived while waiting.
            }

            stream.Dispose();
            return null;
        }
    }

    public static FileLock Acquire(string path, bool exclusive) =>
        TryAcquire(path, exclusive, wait: true) ?? throw new IOException($"Could not lock {path}.");

    public void Dispose()
    {
        _ = Flock(Fd(_stream), LockUnlock);
        _stream.Dispose();
    }

    private static int Fd(FileStream stream) => (int)stream.SafeFileHandle.DangerousGetHandle();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
