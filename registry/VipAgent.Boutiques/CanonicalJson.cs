using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VipAgent.Boutiques.Generation;

namespace VipAgent.Boutiques;

/// <summary>
/// One byte-exact JSON form per document: object keys sorted (ordinal), no insignificant
/// whitespace, numbers written one way (integer literals as digits, reals as Python's shortest
/// repr, so <c>1.0</c> stays a real and <c>1e-5</c>, <c>0.00001</c> both become <c>1e-05</c>). The same descriptor therefore always hashes to the same id, whatever its layout.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Serialize(string json) => Serialize(JsonNode.Parse(json));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="canonical"/>.</summary>
    public static string Sha256Hex(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        var element = value.TryGetValue<JsonElement>(out var parsed) ? parsed : JsonSerializer.SerializeToElement<JsonNode>(value);
        if (element.ValueKind != JsonValueKind.Number)
        {
            element.WriteTo(writer);
            return;
        }

        // An integer literal stays digits; a real keeps a fraction or exponent (1.0, 1e-05), so the command
        // lines generated from a stored canonical descriptor are those of the original.
        writer.WriteRawValue(PythonText.IsIntegerLiteral(value) ? element.GetRawText() : PythonText.FloatRepr(element.GetDouble()));
    }
}
