using JasperFx.Events;
using Marten;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit.Export;

/// <summary>
/// Everything an export or a replay needs about one stream: its events with their links, and, for an execution, its
/// summary, its descriptor and the files that are part of that application version (an ONNX model, with its SHA-256).
/// </summary>
internal sealed record ExecutionRecord(
    string Stream, IReadOnlyList<IEvent> Events, ExecutionSummary? Summary, DescriptorPublished? Descriptor, IReadOnlyList<DescriptorFileAttached> DescriptorFiles)
{
    public IEnumerable<T> Of<T>() => Events.Select(e => e.Data).OfType<T>();

    public static async Task<ExecutionRecord> LoadAsync(IDocumentStore store, string id, CancellationToken ct)
    {
        var stream = StreamKeys.Resolve(id);
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream, token: ct);
        if (events.Count == 0)
        {
            throw new RegistryRuleException($"There is no stream '{stream}' in the registry.");
        }

        var summary = events.Aggregate(default(ExecutionSummary), (s, e) => ExecutionHistory.Evolve(s, e.Data));
        DescriptorPublished? descriptor = null;
        IReadOnlyList<DescriptorFileAttached> files = [];
        if (summary is not null)
        {
            var appEvents = (await session.Events.FetchStreamAsync(StreamKeys.Application(summary.Application), token: ct)).Select(e => e.Data).ToList();
            descriptor = appEvents.OfType<DescriptorPublished>().FirstOrDefault(d => d.DescriptorSha256 == summary.DescriptorSha256);
            files = [.. appEvents.OfType<DescriptorFileAttached>().Where(f => f.ToolVersion == summary.ToolVersion)];
        }

        return new ExecutionRecord(stream, events, summary, descriptor, files);
    }

    public ExecutionSummary RequireExecution() =>
        Summary ?? throw new RegistryRuleException($"'{Stream}' is not an execution stream; only executions can be exported.");
}
