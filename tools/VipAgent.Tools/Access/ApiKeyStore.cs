using System.Security.Cryptography;
using System.Text;
using Marten;

namespace VipAgent.Tools.Access;

/// <summary>`vip keys create|list|revoke` and the check of every HTTP request's key, on the registry's database.</summary>
public sealed class ApiKeyStore(IDocumentStore store, TimeProvider time)
{
    private const string KeyPrefix = "vip_";

    /// <summary>Creates a key for <paramref name="user"/>; returns what is stored and the key itself, which is shown once and never stored.</summary>
    public async Task<(ApiKey Stored, string Key)> CreateAsync(string user, CallerRole role, string createdBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(user) || user.Any(char.IsControl) || user.Length > 200)
        {
            throw new ArgumentException("The user name must be 1 to 200 printable characters.", nameof(user));
        }

        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var stored = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            User = user.Trim(),
            Role = role,
            Sha256 = Hash(key),
            Prefix = key[..(KeyPrefix.Length + 6)],
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        await using var session = store.LightweightSession();
        session.Store(stored);
        await session.SaveChangesAsync(ct);
        return (stored, key);
    }

    /// <summary>Every key, oldest first (revoked ones included).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<ApiKey>().ToListAsync(ct);
        return keys.OrderBy(k => k.CreatedAt).ToList();
    }

    /// <summary>Revokes key <paramref name="id"/>; false when there is no such key. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var key = await session.LoadAsync<ApiKey>(id, ct);
        if (key is null)
        {
            return false;
        }

        if (!key.IsRevoked)
        {
            session.Store(key with { RevokedAt = time.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }

        return true;
    }

    /// <summary>The valid (stored, not revoked) key whose text is <paramref name="key"/>, or null.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        var hash = Hash(key);
        await using var session = store.QuerySession();
        var found = await session.Query<ApiKey>().Where(k => k.Sha256 == hash).FirstOrDefaultAsync(ct);
        return found is { IsRevoked: false } ? found : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
