using System.Globalization;
using System.Text.Json;

namespace Raftos.Bench;

/// <summary>Lenient reads from JSON documents whose producers we do not control.</summary>
internal static class JsonFields
{
    /// <summary>
    /// Reads an id that may arrive as a string or as a number: etcd's gateway renders uint64 as strings,
    /// other encoders as numbers.
    /// </summary>
    public static string? IdText(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } text ? text : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    public static int? Int32(JsonElement parent, string name)
    {
        var text = IdText(parent, name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
