namespace Raftos.Client;

/// <summary>A snapshot written by <see cref="SnapshotsClient.SaveAsync"/>.</summary>
/// <param name="Index">The log index the snapshot reflects.</param>
/// <param name="Bytes">Its size.</param>
public sealed record SnapshotSaveResult(long Index, long Bytes);
