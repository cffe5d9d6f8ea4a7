using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Npgsql;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Audit;
using VipAgent.Registry.Chain;
using VipAgent.Registry.Executions;
using VipAgent.Testing;

namespace VipAgent.Benchmarks.Registry;

/// <summary>
/// Issue 4's registry targets, measured with a stopwatch on the embedded PostgreSQL (fsync off):
/// batched chained appends vs plain Npgsql inserts of the same payloads, verify of every stream
/// vs raw SHA-256 over the same bytes, and Marten's rebuild of the execution summary projection.
/// Run: dotnet run -c Release --project tests/VipAgent.Benchmarks -- registry [EVENTS...]
/// </summary>
public static class RegistryThroughput
{
    /// <summary>Streams per SaveChanges (100 events each); VIPAGENT_BENCH_BATCH overrides it.</summary>
    private static readonly int StreamsPerBatch = int.TryParse(Environment.GetEnvironmentVariable("VIPAGENT_BENCH_BATCH"), out var batch) ? batch : 50;

    /// <summary>Marten's daemon rebuild grows superlinearly; above this many events (VIPAGENT_BENCH_DAEMON_MAX) it is skipped.</summary>
    private static readonly int DaemonRebuildMax = int.TryParse(Environment.GetEnvironmentVariable("VIPAGENT_BENCH_DAEMON_MAX"), out var max) ? max : 100_000;

    public static async Task RunAsync(string[] args)
    {
        var scales = args.Length == 0 ? [10_000, 100_000] : args.Select(int.Parse).ToArray();
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            Console.WriteLine($"cores: {Environment.ProcessorCount}, events per stream: {SyntheticExecutions.EventsPerStream}, streams per batch: {StreamsPerBatch}");
            Console.WriteLine("(warm-up run of 2,000 events, not reported)");
            await MeasureAsync(postgres, 20, quiet: true);
            foreach (var events in scales)
            {
                await MeasureAsync(postgres, events / SyntheticExecutions.EventsPerStream, quiet: false);
            }
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }

    private static async Task MeasureAsync(PostgresFixture postgres, int streams, bool quiet)
    {
        var ct = CancellationToken.None;
        _quiet = quiet;
        var connection = await postgres.CreateDatabaseAsync($"bench{streams}");
        await using var store = RegistryStore.Create(connection);
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var at = DateTimeOffset.UtcNow;
        var imported = await new ApplicationImporter(store, TimeProvider.System).ImportJsonAsync("bet.json", SyntheticExecutions.Descriptor, "bench", ct);
        var payloads = Enumerable.Range(0, streams).Select(i => SyntheticExecutions.Stream(i, imported.DescriptorSha256!, at)).ToList();
        var total = payloads.Sum(p => p.Count);
        Print($"\n== {total:N0} events in {streams:N0} streams");

        _cpu = Cpu();
        var append = Stopwatch.StartNew();
        foreach (var batch in payloads.Select((events, i) => (events, i)).Chunk(StreamsPerBatch))
        {
            await using var session = store.LightweightSession();
            var chained = batch.Select(b => ChainedStream.New(StreamKeys.Execution(((ExecutionPlanned)b.events[0]).ExecutionId))).ToList();
            for (var s = 0; s < batch.Length; s++)
            {
                chained[s].Append(session, imported.DescriptorSha256!, batch[s].events);
            }

            await session.SaveChangesAsync(ct);
        }

        append.Stop();
        Report("append (Marten, chained, inline projection)", total, append.Elapsed);
        var plain = await PlainInsertsAsync(connection, payloads, ct);
        Report("append (plain Npgsql batched INSERTs)", total, plain);
        Print($"  Marten/plain time ratio: {append.Elapsed / plain:F2}x");

        _cpu = Cpu();
        var verify = Stopwatch.StartNew();
        var report = await new Auditor(store).VerifyAsync(null, null, ct);
        verify.Stop();
        foreach (var mismatch in report.Mismatches.Take(3))
        {
            Print($"  MISMATCH {mismatch}");
        }

        Report($"verify --all ({report.StreamsChecked:N0} streams, {report.Mismatches.Count} mismatches)", report.EventsChecked, verify.Elapsed);
        var (read, hash) = await RawHashAsync(connection, ct);
        Print($"  reading the rows alone: {read.TotalMilliseconds:N0} ms; raw SHA-256 over the same data bytes: {hash.TotalMilliseconds:N0} ms ({total / hash.TotalSeconds:N0} events/s)");
        Print($"  verify / raw SHA-256 time ratio: {verify.Elapsed / hash:F1}x; extrapolated to 1,000,000 events: {verify.Elapsed.TotalSeconds * 1_000_000 / total:F1} s");

        if (total <= DaemonRebuildMax)
        {
            _cpu = Cpu();
            var rebuild = Stopwatch.StartNew();
            using (var daemon = await store.BuildProjectionDaemonAsync())
            {
                await daemon.RebuildProjectionAsync<ExecutionSummaryProjection>(TimeSpan.FromMinutes(10), ct);
            }

            rebuild.Stop();
            Report("projection rebuild (Marten daemon, ExecutionSummary)", total, rebuild.Elapsed);
        }

        _cpu = Cpu();
        var ours = Stopwatch.StartNew();
        var documents = await new ProjectionRebuilder(store).RebuildAsync(ct);
        ours.Stop();
        Report($"projection rebuild (ProjectionRebuilder, {documents:N0} documents)", total, ours.Elapsed);
    }

    private static async Task<TimeSpan> PlainInsertsAsync(string connectionString, List<List<object>> payloads, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var create = new NpgsqlCommand("CREATE TABLE plain_events (seq bigserial, stream_id text, version bigint, type text, data jsonb, headers jsonb, PRIMARY KEY (stream_id, version))", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        foreach (var batch in payloads.Select((events, i) => (events, i)).Chunk(StreamsPerBatch))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var commands = new NpgsqlBatch(connection, transaction);
            foreach (var (events, i) in batch)
            {
                for (var v = 0; v < events.Count; v++)
                {
                    var command = new NpgsqlBatchCommand("INSERT INTO plain_events (stream_id, version, type, data, headers) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)");
                    command.Parameters.Add(new NpgsqlParameter { Value = $"executions/{i}" });
                    command.Parameters.Add(new NpgsqlParameter { Value = (long)v + 1 });
                    command.Parameters.Add(new NpgsqlParameter { Value = RegistryEvents.NameOf(events[v].GetType()) });
                    command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(events[v], events[v].GetType(), RegistryJson.Options) });
                    command.Parameters.Add(new NpgsqlParameter { Value = """{"chain":"0000000000000000000000000000000000000000000000000000000000000000"}""" });
                    commands.BatchCommands.Add(command);
                }
            }

            await commands.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return clock.Elapsed;
    }

    private static async Task<(TimeSpan Read, TimeSpan Hash)> RawHashAsync(string connectionString, CancellationToken ct)
    {
        var rows = new List<byte[]>();
        var read = Stopwatch.StartNew();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT data::text FROM mt_events ORDER BY stream_id, version", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(Encoding.UTF8.GetBytes(reader.GetString(0)));
            }
        }

        read.Stop();
        var hash = Stopwatch.StartNew();
        var sink = 0;
        foreach (var row in rows)
        {
            sink ^= SHA256.HashData(row)[0];
        }

        hash.Stop();
        Print($"  ({rows.Sum(r => (long)r.Length) / rows.Count} bytes of JSON per event on average; checksum {sink})");
        return (read.Elapsed, hash.Elapsed);
    }

    private static bool _quiet;

    private static TimeSpan _cpu = Cpu();

    private static TimeSpan Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Wall time and rate, and the CPU this process used since the last report (PostgreSQL's own CPU is not in it).</summary>
    private static void Report(string what, long events, TimeSpan elapsed)
    {
        var cpu = Cpu();
        Print($"  {what,-58} {elapsed.TotalMilliseconds,8:N0} ms wall {events / elapsed.TotalSeconds,10:N0} events/s   (client CPU {(cpu - _cpu).TotalMilliseconds:N0} ms)");
        _cpu = cpu;
    }

    private static void Print(string line)
    {
        if (!_quiet)
        {
            Console.WriteLine(line);
        }
    }
}
