using System.Text.Json;
using System.Text.Json.Nodes;

namespace VipAgent.Boutiques.Model;

internal static class DescriptorReader
{
    public static BoutiquesDescriptor Read(JsonObject json) => new(
        Text(json, "name") ?? "",
        Text(json, "command-line") ?? "",
        Objects(json, "inputs").Select(ReadInput).ToList(),
        Objects(json, "output-files").Select(ReadOutput).ToList(),
        Objects(json, "groups").Select(ReadGroup).ToList(),
        Objects(json, "environment-variables").Select(e => new EnvironmentVariableSpec(Text(e, "name") ?? "", Text(e, "value") ?? "")).ToList(),
        json["container-image"] is JsonObject c ? ReadContainer(c) : null,
        json["custom"] as JsonObject ?? []);

    internal static IEnumerable<JsonObject> Objects(JsonObject json, string field) =>
        json[field] is JsonArray array ? array.OfType<JsonObject>() : [];

    internal static string? Text(JsonObject json, string field) =>
        json[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static bool Bool(JsonObject json, string field) =>
        json[field] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    internal static double? Number(JsonObject json, string field) =>
        json[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.AsDouble() : null;

    internal static IReadOnlyList<string> Strings(JsonObject json, string field) =>
        json[field] is JsonArray array ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList() : [];

    private static InputSpec ReadInput(JsonObject json) => new(
        Text(json, "id") ?? "",
        Text(json, "type") ?? "String",
        Text(json, "value-key"),
        Bool(json, "list"),
        Text(json, "list-separator") ?? " ",
        Bool(json, "optional"),
        Text(json, "command-line-flag"),
        Text(json, "command-line-flag-separator") ?? " ",
        json["default-value"],
        json["value-choices"] as JsonArray,
        Bool(json, "integer"),
        Number(json, "minimum"),
        Number(json, "maximum"),
        Bool(json, "exclusive-minimum"),
        Bool(json, "exclusive-maximum"),
        Count(json, "min-list-entries"),
        Count(json, "max-list-entries"),
        Strings(json, "requires-inputs"),
        Strings(json, "disables-inputs"));

    // bosh tests these with Python truthiness: 0 means "not set".
    private static int? Count(JsonObject json, string field) =>
        Number(json, field) is { } n && n != 0 ? (int)n : null;

    private static OutputSpec ReadOutput(JsonObject json) => new(
        Text(json, "id") ?? "",
        Text(json, "value-key"),
        Text(json, "path-template"),
        json["conditional-path-template"] is JsonArray conditions ? ReadConditions(conditions) : null,
        Strings(json, "path-template-stripped-extensions"),
        Bool(json, "optional"),
        Text(json, "command-line-flag"),
        Text(json, "command-line-flag-separator") ?? " ",
        Bool(json, "uses-absolute-path"),
        json["file-template"] is JsonArray ? Strings(json, "file-template") : null);

    private static List<ConditionalTemplate> ReadConditions(JsonArray conditions) =>
        conditions.OfType<JsonObject>()
            .SelectMany(entry => entry.Select(p => new ConditionalTemplate(p.Key, p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "")))
            .ToList();

    private static GroupSpec ReadGroup(JsonObject json) => new(
        Text(json, "id") ?? "",
        Strings(json, "members"),
        Bool(json, "mutually-exclusive"),
        Bool(json, "one-is-required"),
        Bool(json, "all-or-none"));

    private static ContainerSpec ReadContainer(JsonObject json) => new(
        Text(json, "type") ?? "",
        Text(json, "image"),
        Text(json, "index"),
        Strings(json, "container-opts"));
}
