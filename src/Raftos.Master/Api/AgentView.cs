namespace Raftos.Master.Api;

/// <summary>An agent as the API shows it.</summary>
public sealed record AgentView(
    string Id,
    string Address,
    string Status,
    bool Draining,
    long Epoch,
    IReadOnlyDictionary<string, string> Attributes,
    AgentResourcesView Resources,
    int Tasks,
    long? LastHeartbeatMsAgo,
    string StatusReason,
    string RegisteredAt);
