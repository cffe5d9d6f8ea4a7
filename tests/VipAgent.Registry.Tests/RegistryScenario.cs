using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Audit;
using VipAgent.Registry.Checkpoints;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests;

/// <summary>A registry on a fresh database of its own, a fake clock, a scratch folder, and a way to record a whole execution.</summary>
internal sealed class RegistryScenario : IAsyncDisposable
{
    public const string ToyDescriptor = """
        {"name":"toy_bet","tool-version":"1.0","description":"Toy brain extraction","command-line":"bet [IN] [OUT]",
         "schema-version":"0.5","container-image":{"type":"docker","image":"mcin/fsl:6.0.5"},
         "inputs":[{"id":"in","name":"Input","type":"File","value-key":"[IN]"}],
         "output-files":[{"id":"out","name":"Output","path-template":"[IN]_brain","value-key":"[OUT]"}]}
        """;

    private RegistryScenario(string connectionString, string folder)
    {
        ConnectionString = connectionString;
        Store = RegistryStore.Create(connectionString);
        Folder = folder;
        Importer = new ApplicationImporter(Store, Clock);
        Recorder = new ExecutionRecorder(Store, Clock);
        Auditor = new Auditor(Store);
        Checkpoints = new CheckpointWriter(Store, Path.Combine(folder, "keys"), Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public string ConnectionString { get; }

    public DocumentStore Store { get; }

    /// <summary>Runs SQL straight on the database, as someone with write access to it (a tamperer) would.</summary>
    public async Task<int> SqlAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync(ct);
    }

    public string Folder { get; }

    public ApplicationImporter Importer { get; }

    public ExecutionRecorder Recorder { get; }

    public Auditor Auditor { get; }

    public CheckpointWriter Checkpoints { get; }

    public static async Task<RegistryScenario> StartAsync(PostgresFixture postgres, string owner)
    {
        var folder = Directory.CreateTempSubdirectory("vipagent-registry-").FullName;
        return new RegistryScenario(await postgres.CreateDatabaseAsync(owner), folder);
    }

    /// <summary>
    /// Records a whole execution of toy_bet: 1 planned, 2 approved, 3 submitted, 4 started, 5 job submitted,
    /// 6 job running, 7 job succeeded, 8 output recorded, 9 completed.
    /// </summary>
    public async Task<(Guid Id, string Output)> RecordExecutionAsync(CancellationToken ct)
    {
        await Importer.ImportJsonAsync("toy_bet.json", ToyDescriptor, "alice", ct);
        var input = Path.Combine(Folder, $"t1-{Guid.NewGuid():n}.nii.gz");
        await File.WriteAllTextAsync(input, "pretend NIfTI", ct);
        var output = input + "_brain";
        var id = await Recorder.PlanAsync("toy_bet", "1.0", "local", """{"goal":"extract the brain"}""", "alice", ct);
        await Step(() => Recorder.ApproveAsync(id, "bob", ct));
        await Step(() => Recorder.SubmitAsync(id, "bob", ct));
        await Step(() => Recorder.StartAsync(id, [input], ct));
        await Step(() => Recorder.SubmitJobAsync(id, new JobSubmission("job-1", "local", "pid-42", $$"""{"in":"{{input}}"}""", $"bet {input} {output}", ["bet", input, output], "mcin/fsl:6.0.5"), ct));
        await Step(() => Recorder.ChangeJobStatusAsync(id, "job-1", JobState.Running, null, ct));
        await Step(() => Recorder.ChangeJobStatusAsync(id, "job-1", JobState.Succeeded, "exit 0", ct));
        await File.WriteAllTextAsync(output, "pretend brain", ct);
        await Step(() => Recorder.RecordOutputAsync(id, "job-1", output, ct));
        await Step(() => Recorder.CompleteAsync(id, ct));
        return (id, output);
    }

    public async Task<IReadOnlyList<IEvent>> EventsAsync(string stream, CancellationToken ct)
    {
        await using var session = Store.QuerySession();
        return await session.Events.FetchStreamAsync(stream, token: ct);
    }

    private Task Step(Func<Task> step)
    {
        Clock.Advance(TimeSpan.FromSeconds(30));
        return step();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
