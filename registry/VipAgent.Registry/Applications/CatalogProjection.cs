using JasperFx.Events;
using Marten.Events.Aggregation;

namespace VipAgent.Registry.Applications;

/// <summary>Keeps <see cref="ApplicationCatalogEntry"/> documents in step with application streams (inline).</summary>
public sealed class CatalogProjection : SingleStreamProjection<ApplicationCatalogEntry, string>
{
    public CatalogProjection()
    {
        IncludeType<ApplicationRegistered>();
        IncludeType<DescriptorPublished>();
        IncludeType<ApplicationDeprecated>();
        IncludeType<DescriptorFileAttached>();
    }

    public override ApplicationCatalogEntry? Evolve(ApplicationCatalogEntry? snapshot, string id, IEvent e) =>
        ApplicationHistory.Evolve(snapshot, e.Data);
}
