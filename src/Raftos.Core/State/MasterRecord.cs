using MessagePack;

namespace Raftos.Core.State;

/// <summary>What the cluster knows of one master.</summary>
[MessagePackObject]
public sealed record MasterRecord
{
    /// <summary>Stable id, e.g. "m1".</summary>
    [Key(0)] public required string Id { get; init; }

    /// <summary>Raft (TCP) endpoint, host:port.</summary>
    [Key(1)] public required string RaftEndpoint { get; init; }

    /// <summary>Base URL of the HTTP API.</summary>
    [Key(2)] public required string HttpUrl { get; init; }

    /// <summary>Log index at which the record was last written.</summary>
    [Key(3)] public long UpdatedIndex { get; init; }
}
