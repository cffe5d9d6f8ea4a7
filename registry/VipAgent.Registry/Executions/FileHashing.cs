using System.Security.Cryptography;

namespace VipAgent.Registry.Executions;

/// <summary>SHA-256 of files on disk, streamed (inputs when an execution starts, outputs when recorded, and again at audit).</summary>
public static class FileHashing
{
    public static async Task<FileHash> HashAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new FileHash(full, stream.Length, Convert.ToHexStringLower(hash));
    }
}
