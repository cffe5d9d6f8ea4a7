using Marten;
using Npgsql;
using VipAgent.Registry;
using VipAgent.Testing;
using VipAgent.Tools.Access;

namespace VipAgent.Host.Tests.Mcp;

/// <summary>
/// Validated API keys are remembered for <see cref="ApiKeyStore.CacheTtl"/> so /mcp does not query the database on
/// every request; a revocation in the same process is effective at once, one by another process within the TTL.
/// </summary>
public sealed class ApiKeyCacheTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 26, 4, 0, 0, TimeSpan.Zero));
    private string _connectionString = "";
    private DocumentStore _server = null!;
    private DocumentStore _otherProcess = null!;

    public async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync(nameof(ApiKeyCacheTests));
        _server = RegistryStore.Create(_connectionString);
        _otherProcess = RegistryStore.Create(_connectionString);
        await RegistrySchema.EnsureAsync(_server, _connectionString, CancellationToken.None);
    }

    [Fact]
    public async Task A_key_revoked_in_this_process_is_refused_at_once_although_it_was_just_validated()
    {
        var keys = new ApiKeyStore(_server, _clock);
        var (stored, key) = await keys.CreateAsync("alice", CallerRole.Researcher, "tests", Ct);
        (await keys.AuthenticateAsync(key, Ct)).ShouldNotBeNull().User.ShouldBe("alice");

        (await keys.RevokeAsync(stored.Id, Ct)).ShouldBeTrue();

        (await keys.AuthenticateAsync(key, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_key_revoked_by_another_process_is_refused_once_the_cache_ttl_has_passed()
    {
        var serving = new ApiKeyStore(_server, _clock);
        var (stored, key) = await serving.CreateAsync("bob", CallerRole.Auditor, "tests", Ct);
        (await serving.AuthenticateAsync(key, Ct)).ShouldNotBeNull();

        (await new ApiKeyStore(_otherProcess, _clock).RevokeAsync(stored.Id, Ct)).ShouldBeTrue();

        _clock.Advance(ApiKeyStore.CacheTtl - TimeSpan.FromSeconds(1));
        (await serving.AuthenticateAsync(key, Ct)).ShouldNotBeNull("within the TTL the validated key is served from memory, without the database");
        _clock.Advance(TimeSpan.FromSeconds(2));
        (await serving.AuthenticateAsync(key, Ct)).ShouldBeNull("after the TTL the revocation recorded by the other process is seen");
    }

    [Fact]
    public async Task A_key_created_by_another_process_works_at_once_after_being_refused()
    {
        var serving = new ApiKeyStore(_server, _clock);
        (await serving.AuthenticateAsync("vip_not-a-key", Ct)).ShouldBeNull();
        var (_, key) = await new ApiKeyStore(_otherProcess, _clock).CreateAsync("carol", CallerRole.Admin, "tests", Ct);

        var found = await serving.AuthenticateAsync(key, Ct);

        found.ShouldNotBeNull().Role.ShouldBe(CallerRole.Admin);
    }

    [Fact]
    public async Task The_lookup_by_hash_has_a_unique_index()
    {
        await new ApiKeyStore(_server, _clock).CreateAsync("dave", CallerRole.Researcher, "tests", Ct);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE tablename = 'mt_doc_apikey'", connection);
        var indexes = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                indexes.Add(reader.GetString(0));
            }
        }

        indexes.ShouldContain(d => d.Contains("UNIQUE", StringComparison.Ordinal) && d.Contains("sha256", StringComparison.Ordinal), string.Join("\n", indexes));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _otherProcess.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
