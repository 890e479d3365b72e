namespace Raftos.Core.Protocol;

/// <summary>The answer to a registration: the epoch to quote, and how often to heartbeat.</summary>
public sealed record AgentRegistered(string AgentId, long Epoch, int HeartbeatIntervalMs);
