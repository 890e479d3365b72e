namespace Raftos.Master.Api;

/// <summary>Answer of GET /v1/cluster.</summary>
public sealed record ClusterView(
    string NodeId,
    string? LeaderId,
    long Term,
    long CommitIndex,
    long AppliedIndex,
    IReadOnlyList<MasterView> Masters,
    long? LeadingTerm);
