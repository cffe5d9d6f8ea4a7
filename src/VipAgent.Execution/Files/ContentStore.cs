using System.Security.Cryptography;

namespace VipAgent.Execution.Files;

/// <summary>
/// A content-addressed file store: each file is kept once, named by the SHA-256 of its bytes
/// (<c>ROOT/ab/abcdef…</c>, read-only). Inputs are put here before a job, staged into the job's folder,
/// and its outputs are collected back here after it.
/// </summary>
public sealed class ContentStore
{
    private static readonly UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Opens (and creates when missing) a store in <paramref name="root"/>.</summary>
    public ContentStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>Where the content with this hash lives (whether or not it is there yet).</summary>
    public string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(Root, sha256[..2], sha256);
    }

    /// <summary>Whether the store holds content with this hash.</summary>
    public bool Contains(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>Copies a file into the store and returns its SHA-256 (lower-case hex).</summary>
    public async Task<string> PutAsync(string sourcePath, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Root, ".incoming-" + Guid.NewGuid().ToString("n"));
        string hash;
        await using (var source = File.OpenRead(sourcePath))
        await using (var target = File.Create(temporary))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        Commit(temporary, hash);
        return hash;
    }

    /// <summary>
    /// Puts the content <paramref name="sha256"/> into a job's folder at <paramref name="relativePath"/>
    /// (hard link, or a copy across file systems); returns the absolute path. The path is guarded.
    /// </summary>
    public async Task<string> StageAsync(
        string sha256, string jobFolder, string relativePath, CancellationToken cancellationToken)
    {
        var source = PathOf(sha256);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"The store has no content {sha256} to stage as '{relativePath}'.", source);
        }

        Directory.CreateDirectory(jobFolder);
        var destination = PathGuard.Resolve(jobFolder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Delete(destination);
        await HardLink.LinkOrCopyAsync(source, destination, cancellationToken);
        return destination;
    }

    /// <summary>Hashes the job's expected outputs (files, or every file under an output folder) into the store.</summary>
    public async Task<CollectedOutputs> CollectAsync(
        SubmittedJob job, string standardOutputPath, string standardErrorPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var files = new List<CollectedOutput>();
        var missing = new List<string>();
        foreach (var expected in job.ExpectedOutputs)
        {
            var path = PathGuard.Resolve(job.WorkingDirectory, expected);
            if (File.Exists(path))
            {
                files.Add(await AdoptAsync(expected, path, cancellationToken));
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.Combine(expected, Path.GetRelativePath(path, file));
                    files.Add(await AdoptAsync(relative, PathGuard.Resolve(job.WorkingDirectory, relative), cancellationToken));
                }
            }
            else
            {
                missing.Add(expected);
            }
        }

        return new CollectedOutputs(job.JobId, files, missing, standardOutputPath, standardErrorPath);
    }

    private async Task<CollectedOutput> AdoptAsync(string relativePath, string path, CancellationToken cancellationToken)
    {
        string hash;
        long size;
        await using (var stream = File.OpenRead(path))
        {
            size = stream.Length;
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }

        if (!Contains(hash))
        {
            var temporary = Path.Combine(Root, ".incoming-" + Guid.NewGuid().ToString("n"));
            await HardLink.LinkOrCopyAsync(path, temporary, cancellationToken);
            Commit(temporary, hash);
        }

        return new CollectedOutput(relativePath, hash, size);
    }

    private void Commit(string temporary, string hash)
    {
        var final = PathOf(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        if (File.Exists(final))
        {
            File.Delete(temporary);
            return;
        }

        File.SetUnixFileMode(temporary, ReadOnly);
        File.Move(temporary, final, overwrite: true);
    }
}
