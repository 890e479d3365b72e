using System.Globalization;
using System.Text;
using System.Text.Json;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary>One line per event, for <c>raftos events</c> and <c>raftos kv watch</c>: as people read it, or as compact JSON.</summary>
public static class EventLines
{
    /// <summary><c>12 kv put app/color = blue</c>, <c>13 task running web.0.1 on a2</c>, ...</summary>
    public static string Human(RaftosEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var data = item.Data;
        var what = item.Kind switch
        {
            "kv" => $"{Text(data, "key")}" + (item.Change == "put" ? $" = {Value(data)}" : string.Empty),
            "agent" => Text(data.GetProperty("agent"), "id"),
            "job" => Text(data.GetProperty("job"), "id"),
            "task" => $"{Text(data.GetProperty("task"), "id")} on {Text(data.GetProperty("task"), "agentId")}",
            "master" => Text(data, "id"),
            _ => "re-list the state, then follow from here",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{item.Index} {item.Kind} {item.Change ?? "-"} {what}");
    }

    /// <summary>The event as one line of JSON: <c>{"index":..,"kind":..,"data":{..}}</c>.</summary>
    public static string Json(RaftosEvent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", item.Index);
            writer.WriteString("kind", item.Kind);
            writer.WritePropertyName("data");
            item.Data.WriteTo(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Text(JsonElement data, string name)
        => data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "-";

    // Text as it is when it is printable, else its size.
    private static string Value(JsonElement data)
    {
        var bytes = data.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? Convert.FromBase64String(value.GetString()!) : [];
        var text = Encoding.UTF8.GetString(bytes);
        return text.Any(c => char.IsControl(c) || c == '\uFFFD') ? string.Create(CultureInfo.InvariantCulture, $"({bytes.Length} bytes)") : text;
    }
}
