using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;

namespace VipAgent.Registry.Checkpoints;

/// <summary>One stream's head at checkpoint time: its last version and that event's chain link.</summary>
public sealed record CheckpointHead(string Stream, long Version, string Head);

/// <summary>
/// The head of every stream and a root hash over them, signed (ECDSA P-256, SHA-256) with the
/// registry's key; the public key travels inside so an auditor can keep the file away from the database.
/// </summary>
public sealed record Checkpoint(string Format, DateTimeOffset CreatedAt, string Root, IReadOnlyList<CheckpointHead> Heads, string PublicKey, string Signature)
{
    public const string CurrentFormat = "vipagent-checkpoint/1";

    /// <summary>SHA-256 over every head, in stream order: one value that changes if any head changes.</summary>
    public static string RootOf(IEnumerable<CheckpointHead> heads) =>
        CanonicalJson.Sha256Hex(string.Concat(heads.OrderBy(h => h.Stream, StringComparer.Ordinal).Select(h => $"{h.Stream}\n{h.Version}\n{h.Head}\n")));

    public static Checkpoint Sign(DateTimeOffset createdAt, IReadOnlyList<CheckpointHead> heads, ECDsa key)
    {
        var unsigned = new Checkpoint(CurrentFormat, createdAt, RootOf(heads), heads, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), "");
        return unsigned with { Signature = Convert.ToBase64String(key.SignData(unsigned.SignedBytes(), HashAlgorithmName.SHA256)) };
    }

    /// <summary>What is wrong with this checkpoint itself (root or signature); empty when it verifies.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (RootOf(Heads) != Root)
        {
            problems.Add("its root does not match its heads (the file was edited)");
        }

        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
            if (!key.VerifyData(SignedBytes(), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256))
            {
                problems.Add("its signature does not verify (the file was edited)");
            }
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            problems.Add($"its key or signature cannot be read: {ex.Message}");
        }

        return problems;
    }

    public string ToJson() => JsonSerializer.Serialize(this, IndentedOptions);

    public static Checkpoint FromJson(string json) =>
        JsonSerializer.Deserialize<Checkpoint>(json, RegistryJson.Options) ?? throw new JsonException("The checkpoint file is empty.");

    private byte[] SignedBytes() =>
        Encoding.UTF8.GetBytes(CanonicalJson.Serialize(JsonSerializer.SerializeToNode(this with { Signature = "" }, RegistryJson.Options) as JsonObject));

    private static readonly JsonSerializerOptions IndentedOptions = new(RegistryJson.Options) { WriteIndented = true };
}
