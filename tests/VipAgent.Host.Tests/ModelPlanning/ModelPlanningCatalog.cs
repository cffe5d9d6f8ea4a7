using Marten;
using Microsoft.Extensions.DependencyInjection;
using VipAgent.Planner;
using VipAgent.Registry;
using VipAgent.Registry.Applications;
using VipAgent.Testing;
using VipAgent.Tools.Catalog;

namespace VipAgent.Host.Tests.ModelPlanning;

/// <summary>
/// A real registry database with one application, <c>threshold</c> (an image and a level between 0 and 100), the
/// catalog operations over it and the offline planner over the same descriptor.
/// </summary>
internal sealed class ModelPlanningCatalog : IAsyncDisposable
{
    public const string Descriptor = """
        {
          "name": "threshold", "tool-version": "1.0", "schema-version": "0.5",
          "description": "Thresholds an image at a level, keeping the voxels above it.",
          "command-line": "thresh [IMAGE] [LEVEL] [OUT]",
          "inputs": [
            {"id": "image", "name": "Image", "type": "File", "value-key": "[IMAGE]"},
            {"id": "level", "name": "Threshold level", "type": "Number", "minimum": 0, "maximum": 100, "value-key": "[LEVEL]"}
          ],
          "output-files": [{"id": "out", "name": "Thresholded image", "path-template": "out.nii", "value-key": "[OUT]"}],
          "suggested-resources": {"walltime-estimate": 60}
        }
        """;

    private readonly ServiceProvider _services;

    private ModelPlanningCatalog(ServiceProvider services)
    {
        _services = services;
        Tools = new CatalogTools(services.GetRequiredService<ApplicationCatalog>());
    }

    public CatalogTools Tools { get; }

    public OfflinePlanner Offline { get; } = OfflinePlanner.FromDescriptors([Descriptor]);

    public static async Task<ModelPlanningCatalog> CreateAsync(PostgresFixture postgres, string owner)
    {
        var connection = await postgres.CreateDatabaseAsync(owner);
        var keys = Directory.CreateTempSubdirectory("vipagent-model-planner-").FullName;
        var services = new ServiceCollection().AddLogging().AddVipRegistry(connection, keys).BuildServiceProvider();
        await RegistrySchema.EnsureAsync(services.GetRequiredService<IDocumentStore>(), connection, CancellationToken.None);
        var outcome = await services.GetRequiredService<ApplicationImporter>().ImportJsonAsync("test", Descriptor, "tester", CancellationToken.None);
        outcome.Status.ShouldBe(ImportStatus.Imported, string.Join("; ", outcome.Reasons));
        return new ModelPlanningCatalog(services);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
