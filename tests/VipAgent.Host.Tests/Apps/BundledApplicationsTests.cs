using System.Text.Json;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Apps;

/// <summary>The descriptors shipped inside vip: valid, published on a registry's first use, once, unless turned off.</summary>
public sealed class BundledApplicationsTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Name, tool version and the Debian package providing the program, as the descriptors were written.
    private static readonly (string Name, string Version, string Package)[] Expected =
    [
        ("dcm2niix", "1.0.20220720", "dcm2niix"),
        ("mrconvert", "3.0.3", "mrtrix3"),
        ("mrstats", "3.0.3", "mrtrix3"),
        ("mrthreshold", "3.0.3", "mrtrix3"),
    ];

    private static readonly string[] Bundled = [.. Expected.Select(e => e.Name)];

    private readonly string _folder = Directory.CreateTempSubdirectory("vipagent-bundled-").FullName;
    private string _connection = "";

    public async ValueTask InitializeAsync() => _connection = await postgres.CreateDatabaseAsync(nameof(BundledApplicationsTests));

    public static TheoryData<string, string> Descriptors() => [.. Expected.Select(e => (e.Name, e.Version))];

    [Theory]
    [MemberData(nameof(Descriptors))]
    public async Task Each_bundled_descriptor_passes_vip_apps_validate(string name, string version)
    {
        var file = Path.Combine(SharedData.RepositoryRoot, "src", "VipAgent.Host", "Apps", "Bundled", name + ".json");

        var run = await VipCli.RunAsync(["apps", "validate", file]);

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardOutput.ShouldContain($"valid ({name} {version})");
    }

    [Fact]
    public async Task A_fresh_data_folder_lists_the_bundled_applications_published_by_vip()
    {
        var dataDir = Path.Combine(_folder, "embedded"); // no --connection: vip's own embedded PostgreSQL, created now

        var list = await VipCli.RunAsync(["apps", "list", "--json", "--data-dir", dataDir]);
        var show = await VipCli.RunAsync(["apps", "show", "mrthreshold", "--data-dir", dataDir]);

        list.ExitCode.ShouldBe(0, list.StandardError);
        var apps = JsonDocument.Parse(list.StandardOutput).RootElement.EnumerateArray().ToList();
        apps.Select(a => a.GetProperty("name").GetString()).ShouldBe(Bundled);
        foreach (var (app, (_, version, package)) in apps.Zip(Expected))
        {
            app.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).ShouldBe([version]);
            app.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldContain($"debian-package:{package}");
        }

        show.ExitCode.ShouldBe(0, show.StandardError);
        show.StandardOutput.ShouldContain("by vip (bundled)");
        show.StandardOutput.ShouldContain("container  (none)");
    }

    [Fact]
    public async Task The_second_start_imports_nothing_and_writes_no_event()
    {
        var first = await VipAsync(null, "apps", "list");
        var eventsAfterFirst = await CountEventsAsync();
        var publishedAfterFirst = await CountEventsAsync("descriptor_published");
        var second = await VipAsync(null, "apps", "list");
        var import = await VipAsync(null, "audit", "replay", "mrstats");

        first.ExitCode.ShouldBe(0, first.StandardError);
        second.ExitCode.ShouldBe(0, second.StandardError);
        publishedAfterFirst.ShouldBe(Bundled.Length);
        eventsAfterFirst.ShouldBeGreaterThan(0);
        (await CountEventsAsync()).ShouldBe(eventsAfterFirst);
        second.StandardOutput.ShouldBe(first.StandardOutput);
        import.StandardOutput.ShouldContain("mrstats 3.0.3 published by vip (bundled)");
    }

    [Fact]
    public async Task Four_processes_starting_at_once_publish_each_bundled_application_once()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => VipAsync(null, "apps", "list", "--json")));

        runs.ShouldAllBe(r => r.ExitCode == 0 && JsonDocument.Parse(r.StandardOutput).RootElement.GetArrayLength() == Bundled.Length);
        (await CountEventsAsync("descriptor_published")).ShouldBe(Bundled.Length);
    }

    [Fact]
    public async Task Setting_ImportBundledApplications_to_false_leaves_the_registry_empty()
    {
        var optOut = new Dictionary<string, string> { ["VipAgent__ImportBundledApplications"] = "false" };

        var list = await VipAsync(optOut, "apps", "list", "--json");

        list.ExitCode.ShouldBe(0, list.StandardError);
        JsonDocument.Parse(list.StandardOutput).RootElement.GetArrayLength().ShouldBe(0);
        (await CountEventsAsync()).ShouldBe(0);
    }

    /// <summary>Events in the database (of one type when given); 0 when the event table was never even created.</summary>
    private async Task<long> CountEventsAsync(string? type = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('mt_events') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
        {
            return 0;
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM mt_events WHERE @type::text IS NULL OR type = @type", connection);
        count.Parameters.AddWithValue("type", (object?)type ?? DBNull.Value);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private Task<VipRun> VipAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        VipCli.RunAsync([.. arguments, "--connection", _connection, "--data-dir", Path.Combine(_folder, "data")], environment);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
