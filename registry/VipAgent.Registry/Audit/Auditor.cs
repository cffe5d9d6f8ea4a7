using System.Collections.Concurrent;
using System.Threading.Channels;
using Marten;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Checkpoints;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit;

/// <summary>
/// `vip audit verify|export|replay`: replays streams from the stored rows and reports every
/// mismatch with its stream, event version and what differs.
/// </summary>
public sealed partial class Auditor(IDocumentStore store)
{
    /// <summary>
    /// Verifies one stream (an execution id, an application name or a stream key) or, with a null
    /// <paramref name="id"/>, every stream: the hash chain, the stream lengths, the projections rebuilt
    /// from events against the stored ones, the output files against their hashes, and, when
    /// <paramref name="checkpointFile"/> is given, the heads against that signed checkpoint.
    /// </summary>
    public async Task<AuditReport> VerifyAsync(string? id, string? checkpointFile, CancellationToken ct)
    {
        var stored = new StoredEvents(store);
        await stored.EnsureSchemaAsync(ct);
        var only = id is null ? null : StreamKeys.Resolve(id);
        var mismatches = new List<AuditMismatch>();
        var checkpoint = checkpointFile is null ? null : await LoadCheckpointAsync(checkpointFile, mismatches, ct);
        var heads = new ConcurrentDictionary<string, CheckpointHead>((checkpoint?.Heads ?? []).Where(h => only is null || h.Stream == only).Select(h => KeyValuePair.Create(h.Stream, h)), StringComparer.Ordinal);
        var versions = await stored.StreamVersionsAsync(only, ct);
        var projections = await StoredProjections.LoadAsync(store, only, ct);

        var (streams, events) = (0, 0L);
        var found = new ConcurrentBag<AuditMismatch>();
        var pending = new ConcurrentDictionary<string, long>(versions, StringComparer.Ordinal);
        var queue = Channel.CreateBounded<IReadOnlyList<StoredEvent>>(Environment.ProcessorCount * 8);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var rows in stored.ReadStreamsAsync(only, ct))
                {
                    await queue.Writer.WriteAsync(rows, ct);
                }
            }
            finally
            {
                queue.Writer.Complete();
            }
        }, ct);
        var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
        {
            await foreach (var rows in queue.Reader.ReadAllAsync(ct))
            {
                var stream = rows[0].Stream;
                var verifier = new StreamVerifier(stream);
                verifier.Verify(rows, pending.TryRemove(stream, out var recorded) ? recorded : null);
                CheckProjection(verifier, projections.Find(stream));
                CheckAnchor(verifier, projections);
                await CheckOutputsAsync(verifier, ct);
                if (heads.TryRemove(stream, out var head))
                {
                    verifier.CompareWithCheckpoint(head, checkpoint!.CreatedAt);
                }

                foreach (var mismatch in verifier.Mismatches)
                {
                    found.Add(mismatch);
                }

                Interlocked.Increment(ref streams);
                Interlocked.Add(ref events, rows.Count);
            }
        }, ct)).ToList();
        await Task.WhenAll([reader, .. workers]);
        mismatches.AddRange(found.OrderBy(m => m.Stream, StringComparer.Ordinal).ThenBy(m => m.Event));
        mismatches.AddRange(pending.Where(v => v.Value > 0).Select(v =>
            new AuditMismatch(v.Key, 1, MismatchKind.Sequence, $"the stream table records {v.Value} events but none is stored")));
        mismatches.AddRange(heads.Values.Select(h => new AuditMismatch(h.Stream, h.Version, MismatchKind.Checkpoint,
            $"the checkpoint of {checkpoint!.CreatedAt:u} recorded this stream up to event {h.Version}, but the stream is gone")));
        if (only is not null && streams == 0 && mismatches.Count == 0)
        {
            throw new RegistryRuleException($"There is no stream '{only}' in the registry.");
        }

        return new AuditReport(streams, events, mismatches);
    }

    private static async Task<Checkpoint?> LoadCheckpointAsync(string file, List<AuditMismatch> mismatches, CancellationToken ct)
    {
        try
        {
            var checkpoint = Checkpoint.FromJson(await File.ReadAllTextAsync(file, ct));
            mismatches.AddRange(checkpoint.Problems().Select(p => new AuditMismatch(file, null, MismatchKind.Checkpoint, $"the checkpoint file does not verify: {p}")));
            return checkpoint;
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            throw new RegistryRuleException($"The checkpoint file '{file}' cannot be read: {ex.Message}");
        }
    }

    private static void CheckProjection(StreamVerifier verifier, object? stored)
    {
        if (verifier.Rebuilt is { } rebuilt)
        {
            foreach (var difference in ProjectionComparison.Differences(rebuilt, stored))
            {
                verifier.Add(verifier.LastVersion, MismatchKind.Projection, difference);
            }
        }
    }

    private static void CheckAnchor(StreamVerifier verifier, StoredProjections projections)
    {
        if (verifier.Rebuilt is ExecutionSummary execution && !projections.PublishedDescriptors.Contains(execution.DescriptorSha256))
        {
            verifier.Add(1, MismatchKind.Anchor,
                $"it rests on {execution.Application} {execution.ToolVersion} (descriptor SHA-256 {execution.DescriptorSha256[..Math.Min(12, execution.DescriptorSha256.Length)]}…), which no application stream publishes");
        }
    }

    private static async Task CheckOutputsAsync(StreamVerifier verifier, CancellationToken ct)
    {
        foreach (var (version, data) in verifier.Events)
        {
            if (data is not OutputRecorded output)
            {
                continue;
            }

            if (!File.Exists(output.Path))
            {
                verifier.Add(version, MismatchKind.Output, $"output '{output.Path}' is missing");
                continue;
            }

            var now = await FileHashing.HashAsync(output.Path, ct);
            if (now.Sha256 != output.Sha256)
            {
                verifier.Add(version, MismatchKind.Output,
                    $"output '{output.Path}' now hashes to {now.Sha256[..12]}… ({now.Size} bytes) but {output.Sha256[..12]}… ({output.Size} bytes) was recorded");
            }
        }
    }
}
