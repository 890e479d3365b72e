using Raftos.Core.Commands;

namespace Raftos.Core.Scheduling;

/// <summary>One scheduling round's decisions.</summary>
/// <param name="Placements">Pending tasks to assign, in the order they were decided.</param>
/// <param name="Blocked">Pending tasks that fit nowhere, with the reason (only where it changed).</param>
/// <param name="NextWakeAt">Cluster time when a task waiting out its restart delay becomes placeable; null if none waits.</param>
public sealed record SchedulingPlan(
    IReadOnlyList<TaskPlacement> Placements,
    IReadOnlyList<TaskBlocked> Blocked,
    long? NextWakeAt)
{
    /// <summary>Whether the round decided anything worth a log entry.</summary>
    public bool IsEmpty => Placements.Count == 0 && Blocked.Count == 0;
}
