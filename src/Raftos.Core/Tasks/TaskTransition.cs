using MessagePack;

namespace Raftos.Core.Tasks;

/// <summary>One change of a task's state, with when, why and at which log index.</summary>
[MessagePackObject]
public sealed record TaskTransition(
    [property: Key(0)] TaskState State,
    [property: Key(1)] long At,
    [property: Key(2)] string Reason,
    [property: Key(3)] long Index);
