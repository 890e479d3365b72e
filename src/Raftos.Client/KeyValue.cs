using System.Text;
using System.Text.Json.Serialization;

namespace Raftos.Client;

/// <summary>A key of the key-value store with its value and revisions.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value's bytes (base64 in JSON).</param>
/// <param name="CreateRevision">Store revision that created the key.</param>
/// <param name="ModRevision">Store revision of its last change: what compare-and-set compares.</param>
/// <param name="Version">Number of writes to the key since it was created.</param>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision, long Version)
{
    /// <summary>The value as UTF-8 text.</summary>
    [JsonIgnore]
    public string Text => Encoding.UTF8.GetString(Value.Span);
}
