namespace Raftos.Core.Protocol;

/// <summary>An agent's periodic "alive", with what it uses now, in total and per task.</summary>
public sealed record AgentHeartbeat(
    string AgentId,
    long Epoch,
    ResourceAmounts Used,
    IReadOnlyList<TaskUsage> Tasks);
