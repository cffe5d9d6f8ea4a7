using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Marten;

namespace VipAgent.Tools.Access;

/// <summary>
/// `vip keys create|list|revoke` and the check of every HTTP request's key, on the registry's database. Valid keys are
/// remembered in memory (by hash) for <see cref="CacheTtl"/>, so that a busy endpoint does not query the database on
/// every request. A key revoked through this instance is refused at once; one revoked by another process (`vip keys
/// revoke` while `vip serve` runs) is refused within <see cref="CacheTtl"/>.
/// </summary>
public sealed class ApiKeyStore(IDocumentStore store, TimeProvider time)
{
    /// <summary>How long a validated key is trusted without asking the database again: the bound on a revocation by another process.</summary>
    public static readonly TimeSpan CacheTtl = TimeSpan.FromSeconds(30);

    private const string KeyPrefix = "vip_";
    private const int MostCached = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> _valid = new(StringComparer.Ordinal);

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

        Forget(key.Sha256);
        if (!key.IsRevoked)
        {
            session.Store(key with { RevokedAt = time.GetUtcNow() });
            await session.SaveChangesAsync(ct);
        }

        // A request that read the key before the revocation was saved may have cached it again meanwhile.
        Forget(key.Sha256);
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
        var now = time.GetUtcNow();
        if (_valid.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Key;
        }

        // Unknown and revoked keys are not remembered: a key created a moment ago by `vip keys create` works at once.
        await using var session = store.QuerySession();
        var found = await session.Query<ApiKey>().Where(k => k.Sha256 == hash).FirstOrDefaultAsync(ct);
        if (found is not { IsRevoked: false })
        {
            Forget(hash);
            return null;
        }

        if (_valid.Count >= MostCached)
        {
            _valid.Clear();
        }

        _valid[hash] = (found, now + CacheTtl);
        return found;
    }

    private void Forget(string hash) => _valid.TryRemove(hash, out _);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
