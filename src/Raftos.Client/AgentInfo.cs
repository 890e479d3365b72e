namespace Raftos.Client;

/// <summary>An agent, as <c>GET /v1/agents</c> shows it.</summary>
/// <param name="Id">Agent id.</param>
/// <param name="Address">The address it registered with.</param>
/// <param name="Status"><c>ready</c>, <c>suspect</c> (silent for a few seconds) or <c>lost</c>.</param>
/// <param name="Draining">Whether it is being drained (takes no new tasks, its tasks move away).</param>
/// <param name="Epoch">Its registration epoch.</param>
/// <param name="Attributes">Its attributes, e.g. <c>rack=r1</c>.</param>
/// <param name="Resources">Total, allocated and used resources.</param>
/// <param name="Tasks">How many tasks it holds.</param>
/// <param name="LastHeartbeatMsAgo">Milliseconds since its last heartbeat, when the leader knows.</param>
/// <param name="StatusReason">Why it has its status (e.g. why it was declared lost).</param>
/// <param name="RegisteredAt">When it registered.</param>
public sealed record AgentInfo(
    string Id,
    string Address,
    string Status,
    bool Draining,
    long Epoch,
    IReadOnlyDictionary<string, string> Attributes,
    AgentResources Resources,
    int Tasks,
    long? LastHeartbeatMsAgo,
    string StatusReason,
    DateTimeOffset RegisteredAt);
