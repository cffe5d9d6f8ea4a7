using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Registry;

/// <summary>The registry verbs as a person runs them, on a database of the test run's cluster (--connection).</summary>
public sealed class RegistryVerbTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-registry-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(RegistryVerbTests));

    [Fact]
    public async Task Import_publishes_new_versions_and_a_second_import_changes_nothing()
    {
        var descriptors = Path.Combine(_folder, "apps");
        Directory.CreateDirectory(descriptors);
        WriteDescriptor(Path.Combine(descriptors, "smooth.json"), "smooth", "1.0");
        WriteDescriptor(Path.Combine(descriptors, "mask.json"), "mask", "2.1");

        var first = await VipAsync("apps", "import", descriptors);
        var second = await VipAsync("apps", "import", descriptors);

        first.ExitCode.ShouldBe(0, first.StandardError);
        first.StandardOutput.ShouldContain("2 imported, 0 unchanged, 0 rejected");
        second.ExitCode.ShouldBe(0, second.StandardError);
        second.StandardOutput.ShouldContain("0 imported, 2 unchanged, 0 rejected");
    }

    [Fact]
    public async Task Different_bytes_under_a_published_version_are_refused_and_the_rest_still_imports()
    {
        var original = Path.Combine(_folder, "smooth.json");
        WriteDescriptor(original, "smooth", "1.0");
        (await VipAsync("apps", "import", original)).ExitCode.ShouldBe(0);
        var changed = Path.Combine(_folder, "smooth-changed.json");
        WriteDescriptor(changed, "smooth", "1.0", description: "A different text.");
        var other = Path.Combine(_folder, "other.json");
        WriteDescriptor(other, "other", "1.0");

        var run = await VipAsync("apps", "import", changed, other);

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("smooth-changed.json");
        run.StandardError.ShouldContain("1.0");
        run.StandardOutput.ShouldContain("1 imported, 0 unchanged, 1 rejected");
    }

    [Fact]
    public async Task An_invalid_descriptor_is_rejected_with_its_problems_and_nothing_is_published()
    {
        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, """{"name": "broken", "schema-version": "0.5"}""");

        var run = await VipAsync("apps", "import", broken);
        var list = await VipAsync("apps", "list", "--json");

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("tool-version");
        JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task List_and_show_give_the_catalog_and_the_exact_published_descriptor()
    {
        var file = Path.Combine(_folder, "smooth.json");
        WriteDescriptor(file, "smooth", "1.0");
        await VipAsync("apps", "import", file);

        var list = await VipAsync("apps", "list");
        var show = await VipAsync("apps", "show", "smooth/1.0", "--json");
        var missing = await VipAsync("apps", "show", "nothing-like-this");

        list.StandardOutput.ShouldContain("smooth");
        var shown = JsonDocument.Parse(show.StandardOutput).RootElement;
        shown.GetProperty("toolVersion").GetString().ShouldBe("1.0");
        shown.GetProperty("sha256").GetString()!.Length.ShouldBe(64);
        shown.GetProperty("descriptor").GetProperty("name").GetString().ShouldBe("smooth");
        missing.ExitCode.ShouldBe(2);
        missing.StandardError.ShouldContain("vip apps list");
    }

    [Fact]
    public async Task Verify_is_clean_until_an_event_is_altered_in_the_database_then_exits_3_naming_it()
    {
        var file = Path.Combine(_folder, "smooth.json");
        WriteDescriptor(file, "smooth", "1.0");
        await VipAsync("apps", "import", file);
        var checkpoint = Path.Combine(_folder, "checkpoint.json");
        (await VipAsync("audit", "checkpoint", "--out", checkpoint)).ExitCode.ShouldBe(0);

        var clean = await VipAsync("audit", "verify", "--all", "--checkpoint", checkpoint);
        await TamperAsync("UPDATE mt_events SET data = jsonb_set(data, '{publishedBy}', '\"mallory\"') WHERE type = 'descriptor_published'");
        var tampered = await VipAsync("audit", "verify", "--all", "--checkpoint", checkpoint);

        clean.ExitCode.ShouldBe(0, clean.StandardOutput + clean.StandardError);
        tampered.ExitCode.ShouldBe(3);
        tampered.StandardOutput.ShouldContain("MISMATCH");
        tampered.StandardOutput.ShouldContain("smooth");
    }

    [Fact]
    public async Task A_projection_altered_in_the_database_fails_verify_until_rebuild_restores_it_from_the_events()
    {
        var file = Path.Combine(_folder, "smooth.json");
        WriteDescriptor(file, "smooth", "1.0");
        await VipAsync("apps", "import", file);
        await TamperAsync("UPDATE mt_doc_applicationcatalogentry SET data = jsonb_set(data, '{description}', '\"forged\"')");

        var tampered = await VipAsync("audit", "verify", "--all");
        var rebuild = await VipAsync("audit", "rebuild");
        var after = await VipAsync("audit", "verify", "--all");
        var listed = await VipAsync("apps", "list", "--json");

        tampered.ExitCode.ShouldBe(3, tampered.StandardOutput);
        rebuild.ExitCode.ShouldBe(0, rebuild.StandardError);
        after.ExitCode.ShouldBe(0, after.StandardOutput);
        JsonDocument.Parse(listed.StandardOutput).RootElement[0].GetProperty("description").GetString().ShouldBe("Test application.");
    }

    [Fact]
    public async Task Replaying_a_stream_that_does_not_exist_is_invalid_input()
    {
        var run = await VipAsync("audit", "replay", "no-such-application");

        run.ExitCode.ShouldBe(2);
        run.StandardError.ShouldContain("no-such-application");
        run.StandardError.ShouldNotContain("   at ");
    }

    private async Task TamperAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        (await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBeGreaterThan(0);
    }

    // These tests check the catalog they build themselves: vip's bundled applications stay out of it.
    private static readonly Dictionary<string, string> WithoutBundledApplications = new() { ["VipAgent__ImportBundledApplications"] = "false" };

    private Task<VipRun> VipAsync(params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")], WithoutBundledApplications);

    private static void WriteDescriptor(string path, string name, string version, string description = "Test application.") =>
        File.WriteAllText(path, $$"""
            {
              "name": "{{name}}", "tool-version": "{{version}}", "schema-version": "0.5",
              "description": "{{description}}",
              "command-line": "{{name}} [INPUT]",
              "inputs": [{"id": "input", "name": "Input", "type": "File", "value-key": "[INPUT]"}]
            }
            """);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
