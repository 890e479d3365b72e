namespace Raftos.Client;

/// <summary>What an agent offers, what its tasks reserve and what they measurably use.</summary>
/// <param name="Total">What the agent offers.</param>
/// <param name="Allocated">What its tasks reserve.</param>
/// <param name="Used">What is in use, from the leader's memory of heartbeats; null when not known (e.g. a stale read).</param>
/// <param name="UsedByTask">Use per task.</param>
public sealed record AgentResources(ResourceAmounts Total, ResourceAmounts Allocated, ResourceAmounts? Used, IReadOnlyList<TaskUsage> UsedByTask);
