using System.Text.Json;

namespace Raftos.Client;

/// <summary>
/// One event of <c>GET /v1/events</c>: what the log entry at <see cref="Index"/> changed.
/// <see cref="Kind"/> is <c>agent</c>, <c>job</c>, <c>task</c>, <c>kv</c> or <c>master</c>, with
/// <see cref="Data"/> holding <c>index</c>, <c>change</c> and the changed object; or
/// <see cref="ResetKind"/>: the stream could not resume where asked, so list again and carry
/// on from <see cref="Index"/>.
/// </summary>
/// <param name="Index">The log index of the entry (the stream's event id).</param>
/// <param name="Kind">The event name.</param>
/// <param name="Data">The event's JSON.</param>
public sealed record RaftosEvent(long Index, string Kind, JsonElement Data)
{
    /// <summary>The kind of the event that says events were missed.</summary>
    public const string ResetKind = "reset";

    /// <summary>Whether this says events were missed: re-list the state.</summary>
    public bool IsReset => Kind == ResetKind;

    /// <summary>The data's <c>change</c> (put, delete, registered, running, ...), or null.</summary>
    public string? Change => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("change", out var change) ? change.GetString() : null;
}
