using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Chain;
using VipAgent.Registry.Checkpoints;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit;

/// <summary>The verification of one stream from its stored rows: chain, sequence, readable events, rebuilt state.</summary>
internal sealed class StreamVerifier(string stream)
{
    private readonly List<AuditMismatch> _mismatches = [];
    private readonly Dictionary<long, string?> _links = [];

    public IReadOnlyList<AuditMismatch> Mismatches => _mismatches;

    /// <summary>The state folded from the events (an <see cref="ExecutionSummary"/> or an <see cref="ApplicationCatalogEntry"/>).</summary>
    public object? Rebuilt { get; private set; }

    /// <summary>The typed events, by version, for the checks that need them (outputs, anchor).</summary>
    public List<(long Version, object Data)> Events { get; } = [];

    public string? Anchor { get; private set; }

    public long LastVersion { get; private set; }

    public void Verify(IReadOnlyList<StoredEvent> rows, long? recordedVersion)
    {
        string? previous = null;
        var expected = 1L;
        foreach (var row in rows)
        {
            if (row.Version != expected)
            {
                Add(expected, MismatchKind.Sequence, row.Version > expected
                    ? $"event{(row.Version - expected > 1 ? $"s {expected} to {row.Version - 1} are" : $" {expected} is")} missing: the stream jumps from {expected - 1} to {row.Version}"
                    : $"event {row.Version} appears again after event {expected - 1}");
            }

            var node = Parse(row);
            previous ??= EventChain.Genesis(stream, Anchor = node?["descriptorSha256"]?.ToString());
            var computed = EventChain.Link(previous, stream, row.Version, row.Type, CanonicalJson.Serialize(node));
            if (row.Link is null)
            {
                Add(row.Version, MismatchKind.Chain, $"'{row.Type}' carries no chain link: it was not written by the registry");
            }
            else if (computed != row.Link)
            {
                Add(row.Version, MismatchKind.Chain,
                    $"'{row.Type}' hashes to {computed[..12]}… but its chain link records {row.Link[..Math.Min(12, row.Link.Length)]}…: " +
                    "its content, type or position, or the event before it, changed after it was written");
            }

            _links[row.Version] = row.Link;
            previous = row.Link ?? computed;
            expected = row.Version + 1;
            LastVersion = row.Version;
            Fold(row, node);
        }

        if (recordedVersion is { } recorded && recorded != LastVersion)
        {
            Add(Math.Max(recorded, LastVersion), MismatchKind.Sequence,
                $"the stream table records {recorded} events but {LastVersion} are stored{(recorded > LastVersion ? ": trailing events were deleted" : ": events were added outside the registry")}");
        }
    }

    public void CompareWithCheckpoint(CheckpointHead head, DateTimeOffset createdAt)
    {
        if (!_links.TryGetValue(head.Version, out var link))
        {
            Add(head.Version, MismatchKind.Checkpoint, $"the checkpoint of {createdAt:u} recorded event {head.Version} as this stream's head, but it is gone");
        }
        else if (link != head.Head)
        {
            Add(head.Version, MismatchKind.Checkpoint,
                $"its chain link is {link?[..Math.Min(12, link.Length)]}… but the checkpoint of {createdAt:u} recorded {head.Head[..Math.Min(12, head.Head.Length)]}…: " +
                "the stream was rewritten up to this event after the checkpoint");
        }
    }

    public void Add(long? version, MismatchKind kind, string detail) => _mismatches.Add(new AuditMismatch(stream, version, kind, detail));

    private JsonNode? Parse(StoredEvent row)
    {
        try
        {
            return JsonNode.Parse(row.Data);
        }
        catch (JsonException ex)
        {
            Add(row.Version, MismatchKind.Unreadable, $"its data is not JSON: {ex.Message}");
            return null;
        }
    }

    private void Fold(StoredEvent row, JsonNode? node)
    {
        if (node is null)
        {
            return;
        }

        if (!RegistryEvents.ByName.TryGetValue(row.Type, out var type))
        {
            Add(row.Version, MismatchKind.Unreadable, $"'{row.Type}' is not an event type of the registry");
            return;
        }

        object? data;
        try
        {
            data = JsonSerializer.Deserialize(row.Data, type, RegistryJson.Options);
        }
        catch (JsonException ex)
        {
            Add(row.Version, MismatchKind.Unreadable, $"it cannot be read as {type.Name}: {ex.Message}");
            return;
        }

        if (data is null)
        {
            return;
        }

        Events.Add((row.Version, data));
        Rebuilt = StreamKeys.IsExecution(stream)
            ? ExecutionHistory.Evolve(Rebuilt as ExecutionSummary, data)
            : ApplicationHistory.Evolve(Rebuilt as ApplicationCatalogEntry, data);
    }
}
