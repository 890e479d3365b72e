using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// The leader's failure detector declares an agent lost: its live tasks become lost and are
/// replaced elsewhere. Quotes the epoch it judged, so a verdict on an older registration
/// does not touch an agent that has registered again since.
/// </summary>
[MessagePackObject]
public sealed record MarkAgentLost : Command
{
    /// <summary>The agent.</summary>
    [Key(1)] public required string AgentId { get; init; }

    /// <summary>The registration epoch the verdict is about.</summary>
    [Key(2)] public long Epoch { get; init; }

    /// <summary>Why, e.g. "no heartbeat for 5.0 s".</summary>
    [Key(3)] public string Reason { get; init; } = string.Empty;

    /// <inheritdoc />
    public override Rejection? Validate()
        => ValidateRequestId()
           ?? IdRules.Validate(AgentId, "agentId", "agent")
           ?? (Reason is null || Reason.Length > Limits.TextLengthMax || !KeyRules.IsWellFormed(Reason)
               ? Rejection.Invalid("reason", $"a reason is at most {Limits.TextLengthMax} characters of well-formed text")
               : null);
}
