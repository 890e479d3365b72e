using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// The scheduler's output for one round. Each placement is checked again on apply (the task
/// still pending, the agent still eligible and with room), so a plan made from an older
/// state, or by a deposed leader, can never over-commit an agent or place a task twice.
/// </summary>
[MessagePackObject]
public sealed record PlaceTasks : Command
{
    /// <summary>Tasks to assign.</summary>
    [Key(1)] public IReadOnlyList<TaskPlacement> Placements { get; init; } = [];

    /// <summary>Pending tasks that could not be placed, with the reason.</summary>
    [Key(2)] public IReadOnlyList<TaskBlocked> Blocked { get; init; } = [];

    /// <summary>Running tasks to stop so that higher-priority pending tasks fit.</summary>
    [Key(3)] public IReadOnlyList<TaskPreemption> Preemptions { get; init; } = [];

    /// <inheritdoc />
    public override Rejection? Validate()
    {
        if (ValidateRequestId() is { } bad)
            return bad;
        if (Placements is null || Blocked is null || Preemptions is null
            || Placements.Count + Blocked.Count + Preemptions.Count > Limits.UpdatesPerCommandMax)
            return Rejection.Invalid("placements", $"a placement round holds at most {Limits.UpdatesPerCommandMax} entries");
        return null;
    }
}
