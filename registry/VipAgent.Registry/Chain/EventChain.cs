using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;

namespace VipAgent.Registry.Chain;

/// <summary>
/// The hash chain. Each event's link is SHA-256 over the previous link, the stream, the event's
/// version and type, and the canonical JSON of its data; it is kept in the event's
/// <see cref="Header"/> header. A stream's first link rests on its <see cref="Genesis"/>.
/// </summary>
public static class EventChain
{
    public const string Header = "chain";

    /// <summary>
    /// What the first event rests on: for an execution, the SHA-256 of the descriptor version it was
    /// planned on; for an application, a fixed anchor derived from its name.
    /// </summary>
    public static string Genesis(string stream, string? descriptorSha256) =>
        StreamKeys.IsExecution(stream) && !string.IsNullOrEmpty(descriptorSha256)
            ? descriptorSha256
            : CanonicalJson.Sha256Hex("vipagent:" + stream);

    public static string Link(string previous, string stream, long version, string eventType, string canonicalData)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{previous}\n{stream}\n{version}\n{eventType}\n"));
        hash.AppendData(Encoding.UTF8.GetBytes(canonicalData));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Canonical(object data) =>
        CanonicalJson.Serialize(JsonSerializer.SerializeToNode(data, data.GetType(), RegistryJson.Options));

    public static string Canonical(string storedJson) => CanonicalJson.Serialize(JsonNode.Parse(storedJson));
}
