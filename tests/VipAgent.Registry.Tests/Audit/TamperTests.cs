using Npgsql;
using VipAgent.Registry.Audit;
using VipAgent.Registry.Chain;
using VipAgent.Testing;

namespace VipAgent.Registry.Tests.Audit;

/// <summary>A recorded execution (events 1 to 8, see <see cref="RegistryScenario.RecordExecutionAsync"/>), then one kind of tampering per test.</summary>
public sealed class TamperTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(RegistryScenario Registry, Guid Id, string Output, string Stream)> RecordedAsync()
    {
        var registry = await RegistryScenario.StartAsync(postgres, nameof(TamperTests));
        var (id, output) = await registry.RecordExecutionAsync(Ct);
        return (registry, id, output, StreamKeys.Execution(id));
    }

    private static void ShouldName(AuditReport report, string stream, long version, MismatchKind kind) =>
        report.Mismatches.ShouldContain(m => m.Stream == stream && m.Event == version && m.Kind == kind, string.Join("\n", report.Mismatches));

    [Fact]
    public async Task A_recorded_execution_and_its_application_verify_clean_with_and_without_a_checkpoint()
    {
        var (registry, id, _, _) = await RecordedAsync();
        await using var _ = registry;
        var checkpoint = Path.Combine(registry.Folder, "checkpoint.json");
        await registry.Checkpoints.WriteAsync(checkpoint, Ct);

        var one = await registry.Auditor.VerifyAsync(id.ToString(), checkpoint, Ct);
        var all = await registry.Auditor.VerifyAsync(null, checkpoint, Ct);

        one.Mismatches.ShouldBeEmpty();
        (one.StreamsChecked, one.EventsChecked).ShouldBe((1, 9L));
        all.Mismatches.ShouldBeEmpty();
        all.StreamsChecked.ShouldBe(2);
    }

    [Fact]
    public async Task An_edited_event_payload_is_named()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;

        await registry.SqlAsync("UPDATE mt_events SET data = jsonb_set(data, '{commandLine}', '\"bet --skip-checks\"') WHERE stream_id = @s AND version = 5", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 5, MismatchKind.Chain);
        report.Mismatches.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Two_events_put_in_each_others_place_are_both_named()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;

        await registry.SqlAsync(
            "UPDATE mt_events SET version = -6 WHERE stream_id = @s AND version = 6; " +
            "UPDATE mt_events SET version = 6 WHERE stream_id = @s AND version = 7; " +
            "UPDATE mt_events SET version = 7 WHERE stream_id = @s AND version = -6;", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 6, MismatchKind.Chain);
        ShouldName(report, stream, 7, MismatchKind.Chain);
    }

    [Fact]
    public async Task A_deleted_event_is_named_as_missing()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;

        await registry.SqlAsync("DELETE FROM mt_events WHERE stream_id = @s AND version = 6", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 6, MismatchKind.Sequence);
        report.Mismatches.First().Detail.ShouldContain("event 6 is missing");
    }

    [Fact]
    public async Task A_deleted_last_event_is_caught_by_the_stream_length_and_by_the_checkpoint()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;
        var checkpoint = Path.Combine(registry.Folder, "checkpoint.json");
        await registry.Checkpoints.WriteAsync(checkpoint, Ct);

        await registry.SqlAsync("DELETE FROM mt_events WHERE stream_id = @s AND version = 9", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), checkpoint, Ct);
        ShouldName(report, stream, 9, MismatchKind.Sequence);
        ShouldName(report, stream, 9, MismatchKind.Checkpoint);
    }

    [Fact]
    public async Task An_inserted_event_is_named()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;

        await registry.SqlAsync(
            "INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type, headers, tenant_id) " +
            "SELECT nextval('mt_events_sequence'), gen_random_uuid(), stream_id, 10, data, type, mt_dotnet_type, headers, tenant_id FROM mt_events WHERE stream_id = @s AND version = 8; " +
            "UPDATE mt_streams SET version = 10 WHERE id = @s;", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 10, MismatchKind.Chain);
    }

    [Fact]
    public async Task A_stream_rewritten_with_recomputed_hashes_passes_the_chain_but_not_the_checkpoint()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;
        var checkpoint = Path.Combine(registry.Folder, "checkpoint.json");
        await registry.Checkpoints.WriteAsync(checkpoint, Ct);

        await registry.SqlAsync("UPDATE mt_events SET data = jsonb_set(data, '{commandLine}', '\"bet --skip-checks\"') WHERE stream_id = @s AND version = 5", Ct, ("s", stream));
        await RechainAsync(registry, stream);

        (await registry.Auditor.VerifyAsync(id.ToString(), null, Ct)).Mismatches.ShouldBeEmpty();
        var report = await registry.Auditor.VerifyAsync(id.ToString(), checkpoint, Ct);
        ShouldName(report, stream, 9, MismatchKind.Checkpoint);
        report.Mismatches.Single().Detail.ShouldContain("rewritten");
    }

    [Fact]
    public async Task An_output_file_changed_on_disk_is_named_by_the_event_that_recorded_it()
    {
        var (registry, id, output, stream) = await RecordedAsync();
        await using var _ = registry;

        await File.AppendAllTextAsync(output, " and a little more", Ct);

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 8, MismatchKind.Output);
        report.Mismatches.Single().Detail.ShouldContain("now hashes to");
    }

    [Fact]
    public async Task A_stored_projection_edited_in_SQL_disagrees_with_its_events()
    {
        var (registry, id, _, stream) = await RecordedAsync();
        await using var _ = registry;

        await registry.SqlAsync("UPDATE mt_doc_executionsummary SET data = jsonb_set(data, '{status}', '\"Failed\"') WHERE id = @s", Ct, ("s", stream));

        var report = await registry.Auditor.VerifyAsync(id.ToString(), null, Ct);
        ShouldName(report, stream, 9, MismatchKind.Projection);
        report.Mismatches.Single().Detail.ShouldBe("ExecutionSummary.status is stored as \"Failed\" but the events give \"Completed\"");
    }

    [Fact]
    public async Task An_edited_checkpoint_file_does_not_verify()
    {
        var (registry, id, _, _) = await RecordedAsync();
        await using var _ = registry;
        var checkpoint = Path.Combine(registry.Folder, "checkpoint.json");
        await registry.Checkpoints.WriteAsync(checkpoint, Ct);

        var text = await File.ReadAllTextAsync(checkpoint, Ct);
        await File.WriteAllTextAsync(checkpoint, text.Replace("\"version\": 9", "\"version\": 8", StringComparison.Ordinal), Ct);

        var report = await registry.Auditor.VerifyAsync(id.ToString(), checkpoint, Ct);
        report.Mismatches.ShouldContain(m => m.Kind == MismatchKind.Checkpoint && m.Detail.Contains("does not verify"));
    }

    /// <summary>What a careful tamperer would do: recompute every link of the stream so the chain agrees with itself again.</summary>
    private static async Task RechainAsync(RegistryScenario registry, string stream)
    {
        var rows = new List<(long Version, string Type, string Data)>();
        await using (var connection = new NpgsqlConnection(registry.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var read = new NpgsqlCommand("SELECT version, type, data::text FROM mt_events WHERE stream_id = @s ORDER BY version", connection);
            read.Parameters.AddWithValue("s", stream);
            await using var reader = await read.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var previous = EventChain.Genesis(stream, System.Text.Json.Nodes.JsonNode.Parse(rows[0].Data)!["descriptorSha256"]!.ToString());
        foreach (var (version, type, data) in rows)
        {
            previous = EventChain.Link(previous, stream, version, type, EventChain.Canonical(data));
            await registry.SqlAsync("UPDATE mt_events SET headers = jsonb_set(headers, '{chain}', to_jsonb(@link::text)) WHERE stream_id = @s AND version = @v", Ct,
                ("link", previous), ("s", stream), ("v", version));
        }
    }
}
