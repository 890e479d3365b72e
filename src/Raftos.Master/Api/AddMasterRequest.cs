namespace Raftos.Master.Api;

/// <summary>Body of POST /v1/cluster/masters.</summary>
public sealed record AddMasterRequest
{
    /// <summary>Id of the new master.</summary>
    public string? Id { get; init; }

    /// <summary>Its Raft endpoint, host:port.</summary>
    public string? RaftAddress { get; init; }

    /// <summary>Its HTTP API URL.</summary>
    public string? HttpAddress { get; init; }
}
