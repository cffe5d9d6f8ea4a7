using System.Text.Json;
using System.Text.Json.Serialization;

namespace VipAgent.Registry;

/// <summary>The one JSON shape of everything the registry stores: camelCase names, enums as strings.</summary>
public static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
