using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// The payload of one Raft log entry: many commands replicated in one round. Applied in
/// order; each command gets its own result.
/// </summary>
[MessagePackObject]
public sealed record CommandBatch([property: Key(0)] IReadOnlyList<Command> Commands);
