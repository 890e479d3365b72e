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

    /// <summary>For key-value commands: the store revision the command produced or observed.</summary>
    [Key(2)]
    public long Revision { get; init; }

    /// <summary>True when this answer is a replay of an earlier one with the same request id.</summary>
    [IgnoreMember]
    public bool IsDuplicate { get; init; }

    /// <summary>Whether the command changed the state.</summary>
    [IgnoreMember]
    public bool Applied => Rejection is null;

    /// <summary>A successful result.</summary>
    public static CommandResult Ok(long index, long revision = 0) => new() { Index = index, Revision = revision };

    /// <summary>A rejected result.</summary>
    public static CommandResult Rejected(long index, Rejection rejection, long revision = 0)
        => new() { Index = index, Rejection = rejection, Revision = revision };
}
