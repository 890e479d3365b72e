using MessagePack;
using Raftos.Core.Commands;
using Raftos.Core.State;

namespace Raftos.Core.Agents;

/// <summary>What the cluster knows of one agent. Usage figures are not here: they are heartbeat data, held by the leader.</summary>
[MessagePackObject]
public sealed record AgentRecord
{
    /// <summary>Stable id, kept in the agent's data directory.</summary>
    [Key(0)] public required string Id { get; init; }

    /// <summary>Where the agent can be reached (informational), or empty.</summary>
    [Key(1)] public string Address { get; init; } = string.Empty;

    /// <summary>What the agent offers in total.</summary>
    [Key(2)] public Resources Total { get; init; }

    /// <summary>Attributes such as rack or zone, in name order.</summary>
    [Key(3)] public IReadOnlyDictionary<string, string> Attributes { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Ready or lost.</summary>
    [Key(4)] public AgentStatus Status { get; init; } = AgentStatus.Ready;

    /// <summary>True while draining: no new placements, tasks moved away.</summary>
    [Key(5)] public bool Draining { get; init; }

    /// <summary>
    /// The log index of the agent's latest registration. Heartbeats and status reports carry
    /// it; a report from an older registration (an agent that was declared lost meanwhile) is
    /// refused, which is how a returning agent learns to kill tasks that moved away.
    /// </summary>
    [Key(6)] public long Epoch { get; init; }

    /// <summary>Cluster time (Unix ms) of the first registration.</summary>
    [Key(7)] public long RegisteredAt { get; init; }

    /// <summary>Cluster time (Unix ms) of the latest status change.</summary>
    [Key(8)] public long StatusChangedAt { get; init; }

    /// <summary>Why the status last changed.</summary>
    [Key(9)] public string StatusReason { get; init; } = string.Empty;

    /// <summary>Log index of the latest change to the tasks assigned to this agent (agents long-poll on it).</summary>
    [Key(10)] public long TasksChangedIndex { get; init; }

    /// <summary>Lowest port the agent hands out to tasks.</summary>
    [Key(11)] public int PortsMin { get; init; } = RegisterAgent.PortsMinDefault;

    /// <summary>Highest port the agent hands out to tasks.</summary>
    [Key(12)] public int PortsMax { get; init; } = RegisterAgent.PortsMaxDefault;

    /// <summary>How many ports the agent hands out.</summary>
    [IgnoreMember]
    public int PortCount => PortsMax - PortsMin + 1;

    /// <summary>Whether the scheduler may place tasks here.</summary>
    [IgnoreMember]
    public bool IsEligible => Status == AgentStatus.Ready && !Draining;
}
