using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// The payload of one Raft log entry: many commands replicated in one round. Applied in
/// order; each command gets its own result.
/// </summary>
/// <remarks>
/// <see cref="At"/> is the leader's clock (Unix ms) when it formed the entry: the only way
/// time enters the replicated state, so every replica sees the same time for the same entry.
/// </remarks>
[MessagePackObject]
public sealed record CommandBatch([property: Key(0)] IReadOnlyList<Command> Commands)
{
    /// <summary>Leader time (Unix ms) when the entry was formed; 0 when unknown.</summary>
    [Key(1)]
    public long At { get; init; }
}
