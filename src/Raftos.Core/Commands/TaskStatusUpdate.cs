using MessagePack;
using Raftos.Core.Tasks;

namespace Raftos.Core.Commands;

/// <summary>An agent's report of one task's new state.</summary>
[MessagePackObject]
public sealed record TaskStatusUpdate
{
    /// <summary>The task.</summary>
    [Key(0)] public required string TaskId { get; init; }

    /// <summary>The assignment epoch the agent runs it under.</summary>
    [Key(1)] public long Epoch { get; init; }

    /// <summary>Starting, running, finished, failed or killed.</summary>
    [Key(2)] public TaskState State { get; init; }

    /// <summary>Exit code, when it exited.</summary>
    [Key(3)] public int? ExitCode { get; init; }

    /// <summary>Why, e.g. "exited with code 1" or "oom".</summary>
    [Key(4)] public string Reason { get; init; } = string.Empty;
}
