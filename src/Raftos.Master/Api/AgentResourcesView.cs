using Raftos.Core.Protocol;

namespace Raftos.Master.Api;

/// <summary>
/// Total, allocated (reserved by tasks) and used (measured) resources of an agent, with each
/// task's measured use from the latest heartbeat. Measurements come from the leader's memory.
/// </summary>
public sealed record AgentResourcesView(ResourceAmounts Total, ResourceAmounts Allocated, ResourceAmounts? Used, IReadOnlyList<TaskUsage> UsedByTask);
