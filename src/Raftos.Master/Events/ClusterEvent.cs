namespace Raftos.Master.Events;

/// <summary>
/// One change of the replicated state, derived from the log entry at <see cref="Index"/>. Every
/// master derives the same events, in the same order, from the same entry.
/// </summary>
/// <param name="Index">The log index of the entry that made the change (the stream's event id).</param>
/// <param name="Kind">What changed: one of <see cref="EventKinds.All"/>.</param>
/// <param name="JobId">The job a job or task event concerns, for filtering; null otherwise.</param>
/// <param name="Data">The event's JSON.</param>
public sealed record ClusterEvent(long Index, string Kind, string? JobId, string Data);
