using MessagePack;

namespace Raftos.Core.State;

/// <summary>
/// The whole cluster state as written to disk and sent to lagging followers. Collections are
/// in a canonical order, so the same state always encodes to the same bytes.
/// </summary>
[MessagePackObject]
public sealed record ClusterSnapshot
{
    /// <summary>The format version this build writes.</summary>
    public const int CurrentFormat = 3;

    /// <summary>Format version; a newer one than this build knows is refused.</summary>
    [Key(0)] public int Format { get; init; } = CurrentFormat;

    /// <summary>Log index of the last applied entry.</summary>
    [Key(1)] public long AppliedIndex { get; init; }

    /// <summary>Key-value store revision.</summary>
    [Key(2)] public long KeyValueRevision { get; init; }

    /// <summary>Keys in ordinal key order.</summary>
    [Key(3)] public IReadOnlyList<KeyValueEntry> KeyValues { get; init; } = [];

    /// <summary>Masters in id order.</summary>
    [Key(4)] public IReadOnlyList<MasterRecord> Masters { get; init; } = [];

    /// <summary>Remembered requests, oldest first.</summary>
    [Key(5)] public IReadOnlyList<RememberedRequest> Requests { get; init; } = [];

    /// <summary>Cluster time (Unix ms).</summary>
    [Key(6)] public long Now { get; init; }

    /// <summary>Agents in id order.</summary>
    [Key(7)] public IReadOnlyList<Agents.AgentRecord> Agents { get; init; } = [];

    /// <summary>Jobs in id order.</summary>
    [Key(8)] public IReadOnlyList<Jobs.JobRecord> Jobs { get; init; } = [];

    /// <summary>Tasks in id order.</summary>
    [Key(9)] public IReadOnlyList<Tasks.TaskRecord> Tasks { get; init; } = [];

    /// <summary>The next task sequence number.</summary>
    [Key(10)] public long NextTaskSequence { get; init; } = 1;

    /// <summary>Configured roles in name order (format 3 on).</summary>
    [Key(11)] public IReadOnlyList<Roles.RoleRecord> Roles { get; init; } = [];
}
