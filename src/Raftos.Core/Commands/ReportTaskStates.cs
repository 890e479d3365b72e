using MessagePack;
using Raftos.Core.Tasks;

namespace Raftos.Core.Commands;

/// <summary>
/// An agent reports task state changes. Applied idempotently: a report the task has
/// already passed changes nothing. A report for a task the agent no longer owns (moved
/// away, or the agent's registration is stale) is refused and its id returned, so the
/// agent kills that process (fencing).
/// </summary>
[MessagePackObject]
public sealed record ReportTaskStates : Command
{
    /// <summary>The reporting agent.</summary>
    [Key(1)] public required string AgentId { get; init; }

    /// <summary>The agent's registration epoch.</summary>
    [Key(2)] public long AgentEpoch { get; init; }

    /// <summary>Changes, oldest first.</summary>
    [Key(3)] public IReadOnlyList<TaskStatusUpdate> Updates { get; init; } = [];

    /// <inheritdoc />
    public override Rejection? Validate()
    {
        if ((ValidateRequestId() ?? IdRules.Validate(AgentId, "agentId", "agent")) is { } bad)
            return bad;
        if (Updates is null || Updates.Count > Limits.UpdatesPerCommandMax)
            return Rejection.Invalid("updates", $"a report holds at most {Limits.UpdatesPerCommandMax} updates");
        foreach (var update in Updates)
        {
            if (update is null || string.IsNullOrEmpty(update.TaskId) || update.TaskId.Length > 200)
                return Rejection.Invalid("updates.taskId", "every update names a task");
            if (update.State is not (TaskState.Starting or TaskState.Running or TaskState.Finished or TaskState.Failed or TaskState.Killed))
                return Rejection.Invalid("updates.state", "an agent reports starting, running, finished, failed or killed");
            if (update.Reason is null || update.Reason.Length > Limits.TextLengthMax || !KeyRules.IsWellFormed(update.Reason))
                return Rejection.Invalid("updates.reason", $"a reason is at most {Limits.TextLengthMax} characters");
        }

        return null;
    }
}
