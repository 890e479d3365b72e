using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// The outcome of applying one command at one log index. Identical on every replica.
/// </summary>
[MessagePackObject]
public sealed record CommandResult
{
    /// <summary>Log index of the entry that carried the command.</summary>
    [Key(0)]
    public long Index { get; init; }

    /// <summary>Null when the command was applied.</summary>
    [Key(1)]
    public Rejection? Rejection { get; init; }

    /// <summary>
    /// For key-value commands: the store revision the command produced or observed. For an
    /// agent registration: the new epoch. For a job submission: the job version.
    /// </summary>
    [Key(2)]
    public long Revision { get; init; }

    /// <summary>
    /// Ids the caller must act on: for a status report, the tasks the agent must kill
    /// (fenced); for a placement round, the tasks placed.
    /// </summary>
    [Key(3)]
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>True when this answer is a replay of an earlier one with the same request id.</summary>
    [IgnoreMember]
    public bool IsDuplicate { get; init; }

    /// <summary>Whether the command changed the state.</summary>
    [IgnoreMember]
    public bool Applied => Rejection is null;

    /// <summary>A successful result.</summary>
    public static CommandResult Ok(long index, long revision = 0) => new() { Index = index, Revision = revision };

    /// <summary>A successful result naming ids for the caller.</summary>
    public static CommandResult Ok(long index, IReadOnlyList<string> ids, long revision = 0)
        => new() { Index = index, Revision = revision, Ids = ids };

    /// <summary>A rejected result.</summary>
    public static CommandResult Rejected(long index, Rejection rejection, long revision = 0)
        => new() { Index = index, Rejection = rejection, Revision = revision };
}
