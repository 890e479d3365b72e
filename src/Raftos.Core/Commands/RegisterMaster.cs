using MessagePack;

namespace Raftos.Core.Commands;

/// <summary>
/// Records a master's identity and addresses. Masters announce themselves on start and the
/// leader records masters it adds; re-registering with the same fields changes nothing.
/// </summary>
[MessagePackObject]
public sealed record RegisterMaster : Command
{
    /// <summary>Stable master id, e.g. "m1".</summary>
    [Key(1)]
    public required string MasterId { get; init; }

    /// <summary>Raft (TCP) endpoint as host:port.</summary>
    [Key(2)]
    public required string RaftEndpoint { get; init; }

    /// <summary>Base URL of the master's HTTP API.</summary>
    [Key(3)]
    public required string HttpUrl { get; init; }

    /// <inheritdoc />
    public override Rejection? Validate()
        => ValidateRequestId()
           ?? MasterRules.ValidateId(MasterId)
           ?? MasterRules.ValidateRaftEndpoint(RaftEndpoint)
           ?? MasterRules.ValidateHttpUrl(HttpUrl);
}
