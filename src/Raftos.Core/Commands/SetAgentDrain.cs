using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Drains an agent (no new placements, its tasks replaced elsewhere and stopped) or undrains it.</summary>
[MessagePackObject]
public sealed record SetAgentDrain : Command
{
    /// <summary>The agent.</summary>
    [Key(1)] public required string AgentId { get; init; }

    /// <summary>True to drain, false to accept tasks again.</summary>
    [Key(2)] public bool Draining { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate() => ValidateRequestId() ?? IdRules.Validate(AgentId, "agentId", "agent");
}
