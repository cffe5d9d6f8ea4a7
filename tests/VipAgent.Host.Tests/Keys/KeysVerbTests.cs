using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Keys;

/// <summary>`vip keys create|list|revoke` as an admin runs them: the key is shown once and only its SHA-256 is stored.</summary>
public sealed class KeysVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _dataDir = VipCli.NewDataDir();
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(KeysVerbTests));

    [Fact]
    public async Task A_created_key_is_printed_once_listed_without_its_text_stored_hashed_and_revoked_on_request()
    {
        var created = await VipAsync("keys", "create", "--user", "alice", "--role", "researcher", "--json");
        var json = JsonDocument.Parse(created.StandardOutput).RootElement;
        var key = json.GetProperty("key").GetString()!;
        var id = json.GetProperty("id").GetString()!;
        var listed = await VipAsync("keys", "list");
        var stored = await StoredKeysAsync();
        var revoked = await VipAsync("keys", "revoke", id);
        var afterRevoke = await VipAsync("keys", "list", "--json");

        created.ExitCode.ShouldBe(0, created.StandardError);
        key.ShouldStartWith("vip_");
        key.Length.ShouldBeGreaterThan(40);
        listed.StandardOutput.ShouldContain("alice");
        listed.StandardOutput.ShouldContain("researcher");
        listed.StandardOutput.ShouldNotContain(key);
        stored.ShouldNotContain(key);
        stored.ShouldContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))));
        revoked.ExitCode.ShouldBe(0, revoked.StandardError);
        JsonDocument.Parse(afterRevoke.StandardOutput).RootElement.EnumerateArray().Single().GetProperty("revokedAt").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task Bad_roles_and_unknown_ids_exit_2_naming_the_problem_and_create_nothing()
    {
        var role = await VipAsync("keys", "create", "--user", "bob", "--role", "root");
        var notId = await VipAsync("keys", "revoke", "seven");
        var unknown = await VipAsync("keys", "revoke", Guid.NewGuid().ToString());
        var listed = await VipAsync("keys", "list", "--json");

        role.ExitCode.ShouldBe(2);
        role.StandardError.ShouldContain("root");
        notId.ExitCode.ShouldBe(2);
        notId.StandardError.ShouldContain("not a key id");
        unknown.ExitCode.ShouldBe(2);
        unknown.StandardError.ShouldContain("no API key");
        JsonDocument.Parse(listed.StandardOutput).RootElement.GetArrayLength().ShouldBe(0);
    }

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--data-dir", _dataDir, "--connection", _connection], new Dictionary<string, string> { ["VipAgent__ImportBundledApplications"] = "false" });

    private async Task<string> StoredKeysAsync()
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT string_agg(data::text, ' ') FROM mt_doc_apikey", connection);
        return (string)(await read.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
