namespace Raftos.Master.Events;

/// <summary>Data of a <c>kv</c> event: <see cref="Change"/> is put or delete; <see cref="Value"/> is base64, null for a delete.</summary>
public sealed record KeyValueEvent(long Index, string Change, string Key, long Revision, string? Value);
