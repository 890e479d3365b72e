using MessagePack;
using Raftos.Core.State;

namespace Raftos.Core.Tasks;

/// <summary>
/// One placement attempt of one slot of a job. A task that ends is never revived: a
/// restart or a move is a new task for the same slot, so a task id names exactly one run
/// on exactly one agent.
/// </summary>
[MessagePackObject]
public sealed record TaskRecord
{
    /// <summary>Unique, e.g. "web.2.17" (job, slot, cluster-wide sequence).</summary>
    [Key(0)] public required string Id { get; init; }

    /// <summary>The job.</summary>
    [Key(1)] public required string JobId { get; init; }

    /// <summary>The job version it runs.</summary>
    [Key(2)] public long JobVersion { get; init; }

    /// <summary>Slot within the job: "0".."count-1", or the agent id for a system job.</summary>
    [Key(3)] public required string Slot { get; init; }

    /// <summary>Current state.</summary>
    [Key(4)] public TaskState State { get; init; } = TaskState.Pending;

    /// <summary>What the cluster wants.</summary>
    [Key(5)] public DesiredState Desired { get; init; } = DesiredState.Run;

    /// <summary>The agent it is assigned to, once assigned.</summary>
    [Key(6)] public string? AgentId { get; init; }

    /// <summary>Log index of the assignment; 0 while pending. Reports must quote it.</summary>
    [Key(7)] public long Epoch { get; init; }

    /// <summary>What it reserves.</summary>
    [Key(8)] public Resources Resources { get; init; }

    /// <summary>For a system job: the only agent it may run on.</summary>
    [Key(9)] public string? PinnedAgent { get; init; }

    /// <summary>Cluster time (Unix ms) before which it may not be placed (restart backoff).</summary>
    [Key(10)] public long NotBefore { get; init; }

    /// <summary>Consecutive failures of this slot before this task.</summary>
    [Key(11)] public int FailureStreak { get; init; }

    /// <summary>The process's exit code, once known.</summary>
    [Key(12)] public int? ExitCode { get; init; }

    /// <summary>Why it is in its current state (for a pending task: why it is not placed).</summary>
    [Key(13)] public string Reason { get; init; } = string.Empty;

    /// <summary>State changes, oldest first (bounded).</summary>
    [Key(14)] public IReadOnlyList<TaskTransition> History { get; init; } = [];

    /// <summary>Cluster-wide creation sequence: orders tasks deterministically.</summary>
    [Key(15)] public long Sequence { get; init; }

    /// <summary>The task of the same slot this one replaced, if any (ended tasks older than that are dropped).</summary>
    [Key(16)] public string? Replaces { get; init; }

    /// <summary>The job's role when the task was created (for fair sharing and quotas).</summary>
    [Key(17)] public string Role { get; init; } = "default";

    /// <summary>The job's priority when the task was created.</summary>
    [Key(18)] public int Priority { get; init; }

    /// <summary>Ports handed to the task on its agent, by name (empty until placed).</summary>
    [Key(19)] public IReadOnlyDictionary<string, int> Ports { get; init; } = EmptyPorts;

    private static readonly IReadOnlyDictionary<string, int> EmptyPorts = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>Whether it should be running and has not ended.</summary>
    [IgnoreMember]
    public bool IsWanted => Desired == DesiredState.Run && !State.IsTerminal();
}
