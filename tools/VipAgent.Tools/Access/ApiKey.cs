using Marten.Schema;

namespace VipAgent.Tools.Access;

/// <summary>
/// An API key as the registry stores it (a Marten document): never the key itself, only its SHA-256, with the user
/// and role it acts as. A revoked key stays listed with the time it was revoked.
/// </summary>
public sealed record ApiKey
{
    public Guid Id { get; init; }

    public string User { get; init; } = "";

    public CallerRole Role { get; init; }

    /// <summary>The lower-case hex SHA-256 of the key's text; unique, and indexed for the check of every request's key.</summary>
    [UniqueIndex(IndexType = UniqueIndexType.Computed, IndexName = "sha256")]
    public string Sha256 { get; init; } = "";

    /// <summary>The key's first characters, to recognise it in a list.</summary>
    public string Prefix { get; init; } = "";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
