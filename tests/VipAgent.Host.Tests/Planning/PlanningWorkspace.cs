using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using VipAgent.Testing;

namespace VipAgent.Host.Tests.Planning;

/// <summary>
/// A fresh database and data folder with one small application registered beside the bundled ones: <c>sortlines</c>,
/// which sorts a text file with coreutils' sort, so a plan runs for real on the local backend in a second.
/// </summary>
internal sealed class PlanningWorkspace : IAsyncDisposable
{
    public const string Goal = "sort the lines of notes.txt";

    private const string SortDescriptor = """
        {
          "name": "sortlines", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Sorts the lines of a text file alphabetically.",
          "command-line": "sort [TEXT] -o [SORTED]",
          "inputs": [{"id": "text", "name": "Text file", "type": "File", "value-key": "[TEXT]"}],
          "output-files": [{"id": "sorted", "name": "Sorted lines", "path-template": "sorted.txt", "value-key": "[SORTED]"}],
          "suggested-resources": {"walltime-estimate": 60}
        }
        """;

    private PlanningWorkspace(string connection, string folder)
    {
        Connection = connection;
        Folder = folder;
        Notes = Path.Combine(folder, "notes.txt");
        File.WriteAllText(Notes, "pear\napple\nfig\n");
    }

    public string Connection { get; }

    public string Folder { get; }

    public string DataDir => Path.Combine(Folder, "data");

    /// <summary>The text file the goal is about (absolute: `vip` runs in another folder).</summary>
    public string Notes { get; }

    public static async Task<PlanningWorkspace> CreateAsync(PostgresFixture postgres, string owner)
    {
        var workspace = new PlanningWorkspace(
            await postgres.CreateDatabaseAsync(owner), Directory.CreateTempSubdirectory("vipagent-planning-").FullName);
        var descriptor = Path.Combine(workspace.Folder, "sortlines.json");
        await File.WriteAllTextAsync(descriptor, SortDescriptor, TestContext.Current.CancellationToken);
        var import = await workspace.VipAsync("apps", "import", descriptor);
        import.ExitCode.ShouldBe(0, import.StandardError);
        return workspace;
    }

    public string[] Arguments(params string[] arguments) => [.. arguments, "--connection", Connection, "--data-dir", DataDir];

    public Task<VipRun> VipAsync(params string[] arguments) => VipCli.RunAsync(Arguments(arguments), timeout: TimeSpan.FromMinutes(2));

    /// <summary>`vip plan GOAL --file notes.txt --json`, checked to succeed; returns the printed plan.</summary>
    public async Task<JsonElement> PlanAsync()
    {
        var plan = await VipAsync("plan", Goal, "--file", Notes, "--json");
        plan.ExitCode.ShouldBe(0, plan.StandardError);
        return JsonDocument.Parse(plan.StandardOutput).RootElement;
    }

    public async Task<JsonElement> StatusAsync(string id)
    {
        var status = await VipAsync("status", id, "--json");
        status.ExitCode.ShouldBe(0, status.StandardError);
        return JsonDocument.Parse(status.StandardOutput).RootElement;
    }

    /// <summary>How many events of each type the registry holds for execution streams.</summary>
    public Task<Dictionary<string, long>> ExecutionEventsAsync(string? id = null) =>
        EventTable.CountByTypeAsync(Connection, id is null ? "executions/%" : $"executions/{id}", TestContext.Current.CancellationToken);

    /// <summary>The plan JSON the registry recorded in the execution's first event.</summary>
    public async Task<JsonNode> RecordedPlanAsync(string id)
    {
        await using var connection = new NpgsqlConnection(Connection);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT data->>'planJson' FROM mt_events WHERE stream_id = @stream AND type = 'execution_planned'", connection);
        command.Parameters.AddWithValue("stream", $"executions/{id}");
        return JsonNode.Parse((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)!;
    }

    /// <summary>The text of one output the execution recorded, copied out with `vip results`.</summary>
    public async Task<string> OutputAsync(string id, string file)
    {
        var folder = Path.Combine(Folder, $"out-{id}");
        var results = await VipAsync("results", id, "--out", folder);
        results.ExitCode.ShouldBe(0, results.StandardError);
        return await File.ReadAllTextAsync(Path.Combine(folder, "job-1", file), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Delay(100);
        Directory.Delete(Folder, recursive: true);
    }
}
