using VipAgent.Boutiques;
using VipAgent.Host.Cli;
using VipAgent.Host.Executions;
using VipAgent.Registry.Applications;

namespace VipAgent.Host.Apps;

/// <summary>
/// Copies the files that imported descriptors reference (ONNX models) into the content store, under the SHA-256
/// the registry recorded, so an execution finds the exact model of its application version (<c>store.PathOf(sha)</c>)
/// even after the descriptor's folder is gone.
/// </summary>
internal static class ModelFileStore
{
    public static async Task PutAsync(HostSettings settings, IEnumerable<ImportOutcome> outcomes, CancellationToken ct)
    {
        var store = ExecutionBackends.Store(settings);
        foreach (var outcome in outcomes.Where(o => o.Status != ImportStatus.Rejected && File.Exists(o.Source)))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(outcome.Source));
            var descriptor = BoutiquesJson.Parse(await File.ReadAllTextAsync(outcome.Source, ct));
            var (files, _) = DescriptorFiles.Read(descriptor, folder);
            foreach (var file in files.Where(f => !store.Contains(f.Sha256)))
            {
                await store.PutAsync(Path.Combine(folder!, file.RelativePath), ct);
            }
        }
    }
}
