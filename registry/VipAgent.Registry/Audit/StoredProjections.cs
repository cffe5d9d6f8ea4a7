using Marten;
using VipAgent.Registry.Applications;
using VipAgent.Registry.Executions;

namespace VipAgent.Registry.Audit;

/// <summary>The projection documents as stored, to compare with the ones rebuilt from events.</summary>
internal sealed class StoredProjections
{
    private readonly Dictionary<string, object> _documents = new(StringComparer.Ordinal);

    /// <summary>The SHA-256 of every published descriptor version, from the stored catalog.</summary>
    public HashSet<string> PublishedDescriptors { get; } = new(StringComparer.Ordinal);

    public object? Find(string stream) => _documents.GetValueOrDefault(stream);

    public static async Task<StoredProjections> LoadAsync(IDocumentStore store, string? only, CancellationToken ct)
    {
        var result = new StoredProjections();
        await using var session = store.QuerySession();
        foreach (var app in await session.Query<ApplicationCatalogEntry>().ToListAsync(ct))
        {
            result.PublishedDescriptors.UnionWith(app.Versions.Select(v => v.DescriptorSha256));
            result._documents[app.Id] = app;
        }

        var executions = only is null
            ? await session.Query<ExecutionSummary>().ToListAsync(ct)
            : await session.Query<ExecutionSummary>().Where(e => e.Id == only).ToListAsync(ct);
        foreach (var execution in executions)
        {
            result._documents[execution.Id] = execution;
        }

        return result;
    }
}
