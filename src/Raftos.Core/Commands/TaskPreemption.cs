using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>One scheduler decision: stop this running task so a task of strictly higher priority fits.</summary>
[MessagePackObject]
public sealed record TaskPreemption([property: Key(0)] string VictimId, [property: Key(1)] string ForTaskId);
