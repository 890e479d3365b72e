using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Why the scheduler could not place a pending task, recorded on the task so users can see it.</summary>
[MessagePackObject]
public sealed record TaskBlocked([property: Key(0)] string TaskId, [property: Key(1)] string Reason);
