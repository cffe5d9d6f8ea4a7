using System.Text.Json.Nodes;

namespace VipAgent.Registry.Applications;

/// <summary>How an application stream's events build its catalog entry.</summary>
public static class ApplicationHistory
{
    /// <summary>The pure fold of an application's events, used by the projection, the decisions and the audit.</summary>
    public static ApplicationCatalogEntry? Evolve(ApplicationCatalogEntry? state, object @event) => @event switch
    {
        ApplicationRegistered e => new ApplicationCatalogEntry
        {
            Id = StreamKeys.Application(e.Name),
            Name = e.Name,
            RegisteredBy = e.RegisteredBy,
            RegisteredAt = e.RegisteredAt,
        },
        DescriptorPublished e when state is not null => Publish(state, e),
        ApplicationDeprecated e when state is not null => state with { DeprecationReason = e.Reason },
        DescriptorFileAttached e when state is not null => Attach(state, e),
        _ => state,
    };

    private static ApplicationCatalogEntry Publish(ApplicationCatalogEntry state, DescriptorPublished e)
    {
        var descriptor = JsonNode.Parse(e.CanonicalDescriptor) as JsonObject;
        var version = new CatalogVersion(e.ToolVersion, e.DescriptorSha256, e.ContainerImage, e.PublishedBy, e.PublishedAt, InputsOf(descriptor));
        return state with
        {
            Description = descriptor?["description"]?.ToString(),
            Tags = TagsOf(descriptor),
            Versions = [.. state.Versions, version],
        };
    }

    private static ApplicationCatalogEntry Attach(ApplicationCatalogEntry state, DescriptorFileAttached e) => state with
    {
        Versions = [.. state.Versions.Select(v => v.ToolVersion == e.ToolVersion
            ? v with { Files = [.. v.Files, new DescriptorFile(e.Key, e.RelativePath, e.Sha256, e.Size)] }
            : v)],
    };

    private static List<string> InputsOf(JsonObject? descriptor) =>
        (descriptor?["inputs"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(input => $"{input["id"]} ({input["type"]}{(input["optional"]?.GetValue<bool>() == true ? ", optional" : "")})")
            .ToList();

    private static List<string> TagsOf(JsonObject? descriptor) =>
        (descriptor?["tags"] as JsonObject ?? [])
            .SelectMany(tag => tag.Value switch
            {
                JsonArray values => values.Select(v => $"{tag.Key}:{v}"),
                JsonValue value when value.GetValueKind() is System.Text.Json.JsonValueKind.True => [tag.Key],
                JsonValue value when value.GetValueKind() is System.Text.Json.JsonValueKind.False => [],
                var value => [$"{tag.Key}:{value}"],
            })
            .ToList();
}
