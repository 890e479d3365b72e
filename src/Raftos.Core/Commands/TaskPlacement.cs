using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>One scheduler decision: this pending task goes to this agent, with these ports (in the order the task spec names them).</summary>
[MessagePackObject]
public sealed record TaskPlacement(
    [property: Key(0)] string TaskId,
    [property: Key(1)] string AgentId,
    [property: Key(2)] IReadOnlyList<int>? Ports = null);
