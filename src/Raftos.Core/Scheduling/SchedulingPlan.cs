using Raftos.Core.Commands;

namespace Raftos.Core.Scheduling;

/// <summary>One scheduling round's decisions.</summary>
/// <param name="Placements">Pending tasks to assign, in the order they were decided.</param>
/// <param name="Blocked">Pending tasks that fit nowhere, with the reason (only where it changed).</param>
/// <param name="NextWakeAt">Cluster time when a task waiting out its restart delay becomes placeable; null if none waits.</param>
/// <param name="Preemptions">Running tasks to stop so that tasks of strictly higher priority fit.</param>
public sealed record SchedulingPlan(
    IReadOnlyList<TaskPlacement> Placements,
    IReadOnlyList<TaskBlocked> Blocked,
    long? NextWakeAt,
    IReadOnlyList<TaskPreemption>? Preemptions = null)
{
    /// <summary>Running tasks to stop so that tasks of strictly higher priority fit.</summary>
    public IReadOnlyList<TaskPreemption> Preemptions { get; } = Preemptions ?? [];

    /// <summary>Whether the round decided anything worth a log entry.</summary>
    public bool IsEmpty => Placements.Count == 0 && Blocked.Count == 0 && Preemptions.Count == 0;

    /// <summary>The plan as the command that carries it into the log.</summary>
    public PlaceTasks ToCommand(string requestId)
        => new() { RequestId = requestId, Placements = Placements, Blocked = Blocked, Preemptions = Preemptions };
}
