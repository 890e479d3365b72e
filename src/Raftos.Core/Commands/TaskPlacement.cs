using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>One scheduler decision: this pending task goes to this agent.</summary>
[MessagePackObject]
public sealed record TaskPlacement([property: Key(0)] string TaskId, [property: Key(1)] string AgentId);
