namespace Raftos.Master.Events;

/// <summary>
/// What an <see cref="EventRing"/> holds after a position: the events of whole entries, or, when
/// the ring no longer reaches back that far, <see cref="Gap"/> with the index to restart from.
/// </summary>
/// <param name="Events">Events in order; never part of an entry without the rest of it.</param>
/// <param name="Gap">True when events after the position were already dropped.</param>
/// <param name="Through">The index the reader has seen everything up to once it took this page.</param>
public sealed record EventPage(IReadOnlyList<ClusterEvent> Events, bool Gap, long Through);
