using System.Security.Cryptography;
using Marten;
using VipAgent.Registry.Audit;

namespace VipAgent.Registry.Checkpoints;

/// <summary>
/// Writes signed checkpoints. The signing key (ECDSA P-256, PKCS#8 PEM) lives in <c>keyFolder</c>
/// and is created there, readable by its owner only, the first time it is needed.
/// </summary>
public sealed class CheckpointWriter(IDocumentStore store, string keyFolder, TimeProvider time)
{
    public const string KeyFileName = "checkpoint-signing-key.pem";

    /// <summary>Signs the current head of every stream and writes the checkpoint as JSON to <paramref name="path"/>.</summary>
    public async Task<Checkpoint> WriteAsync(string path, CancellationToken ct)
    {
        var checkpoint = await CreateAsync(ct);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, checkpoint.ToJson(), ct);
        return checkpoint;
    }

    /// <summary>Signs the current head of every stream.</summary>
    public async Task<Checkpoint> CreateAsync(CancellationToken ct)
    {
        var events = new StoredEvents(store);
        await events.EnsureSchemaAsync(ct);
        var heads = (await events.HeadsAsync(ct)).Select(h => new CheckpointHead(h.Stream, h.Version, h.Head)).ToList();
        using var key = LoadOrCreateKey();
        return Checkpoint.Sign(time.GetUtcNow(), heads, key);
    }

    private ECDsa LoadOrCreateKey()
    {
        var file = Path.Combine(keyFolder, KeyFileName);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(file))
        {
            key.ImportFromPem(File.ReadAllText(file));
            return key;
        }

        Directory.CreateDirectory(keyFolder);
        var ownerOnly = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var writer = new StreamWriter(file, ownerOnly);
        writer.Write(key.ExportPkcs8PrivateKeyPem());
        return key;
    }
}
