using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using VipAgent.Execution.Files;

namespace VipAgent.Execution.Dirac;

/// <summary>A packed sandbox: its bytes (tar + zstd), their SHA-256 (lower-case hex) and size.</summary>
public sealed record PackedSandbox(byte[] Bytes, string Sha256)
{
    /// <summary>The format DiracX records for it.</summary>
    public const string Format = "tar.zst";

    public long Size => Bytes.LongLength;
}

/// <summary>
/// Packs a job's folder into a sandbox and unpacks sandboxes. Packing is deterministic (sorted names, fixed time,
/// owner 0, no user names), so the same inputs give the same hash and DiracX's content addressing dedupes them.
/// Unpacking keeps every path inside the target folder and skips links and devices.
/// </summary>
public static class DiracSandbox
{
    /// <summary>DiracX's limit on one sandbox (<c>MAX_SANDBOX_SIZE_BYTES</c>).</summary>
    public const long MaxSize = 100L * 1024 * 1024;

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Packs the files under <paramref name="folder"/> (not its <c>.vip/</c>) plus <paramref name="extraFiles"/>.</summary>
    public static PackedSandbox Pack(string folder, IReadOnlyDictionary<string, string> extraFiles, string jobId)
    {
        ArgumentNullException.ThrowIfNull(extraFiles);
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            if (Directory.Exists(folder))
            {
                var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    AttributesToSkip = FileAttributes.ReparsePoint,
                })
                    .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                    .Where(r => !r.StartsWith(JobFiles.Folder + "/", StringComparison.Ordinal) && !extraFiles.ContainsKey(r))
                    .Order(StringComparer.Ordinal);
                foreach (var relative in files)
                {
                    var path = Path.Combine(folder, relative);
                    using var content = File.OpenRead(path);
                    writer.WriteEntry(Entry(relative, File.GetUnixFileMode(path), content));
                }
            }

            foreach (var (name, text) in extraFiles.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
                writer.WriteEntry(Entry(name, (UnixFileMode)0b111_101_101, content));
            }
        }

        if (tar.Length > MaxSize * 4)
        {
            throw new ArgumentException($"Job {jobId}: its input folder holds {tar.Length} bytes, far over DiracX's 100 MiB sandbox limit.");
        }

        using var compressor = new ZstdSharp.Compressor(3);
        var bytes = compressor.Wrap(tar.GetBuffer().AsSpan(0, (int)tar.Length)).ToArray();
        if (bytes.LongLength > MaxSize)
        {
            throw new ArgumentException(
                $"Job {jobId}: its input sandbox is {bytes.LongLength} bytes packed, over DiracX's 100 MiB limit: " +
                "put large inputs on grid storage (InputData) instead.");
        }

        return new PackedSandbox(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Unpacks a sandbox (tar, optionally zstd or gzip) into <paramref name="destination"/>; returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> UnpackAsync(byte[] packed, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packed);
        Directory.CreateDirectory(destination);
        Stream source = new MemoryStream(packed, writable: false);
        if (packed is [0x28, 0xB5, 0x2F, 0xFD, ..])
        {
            source = new ZstdSharp.DecompressionStream(source);
        }
        else if (packed is [0x1F, 0x8B, ..])
        {
            source = new GZipStream(source, CompressionMode.Decompress);
        }
        else if (packed is [(byte)'B', (byte)'Z', (byte)'h', ..])
        {
            throw new NotSupportedException("The sandbox is tar.bz2, which VipAgent cannot unpack: only tar.zst, tar.gz and tar are read.");
        }

        var written = new List<string>();
        await using (source)
        await using (var reader = new TarReader(source))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                var target = PathGuard.Resolve(destination, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile when entry.DataStream is { } data:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        await using (var file = File.Create(target))
                        {
                            await data.CopyToAsync(file, cancellationToken);
                        }

                        written.Add(target);
                        break;
                    default:
                        break; // links, devices and fifos are never unpacked
                }
            }
        }

        return written;
    }

    private static UstarTarEntry Entry(string name, UnixFileMode mode, Stream content) => new(TarEntryType.RegularFile, name)
    {
        DataStream = content,
        Mode = mode & (UnixFileMode)0b111_111_111,
        ModificationTime = FixedTime,
        Uid = 0,
        Gid = 0,
    };
}
