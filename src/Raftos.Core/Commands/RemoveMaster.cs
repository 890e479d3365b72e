using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>Forgets a master's record after it has left the Raft configuration.</summary>
[MessagePackObject]
public sealed record RemoveMaster : Command
{
    /// <summary>Id of the master to forget.</summary>
    [Key(1)]
    public required string MasterId { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate() => ValidateRequestId() ?? MasterRules.ValidateId(MasterId);
}
