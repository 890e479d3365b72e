namespace Raftos.Chaos.Cluster;

/// <summary>The shape of a chaos cluster.</summary>
public sealed record ChaosClusterOptions
{
    /// <summary>Masters, 3 or 5.</summary>
    public int Masters { get; init; } = 3;

    /// <summary>Agents.</summary>
    public int Agents { get; init; } = 3;

    /// <summary>CPU each agent offers, in millicores.</summary>
    public long AgentCpuMillis { get; init; } = 2000;

    /// <summary>Memory each agent offers, in MB.</summary>
    public long AgentMemoryMb { get; init; } = 2048;

    /// <summary>Directory for data and logs of every node.</summary>
    public required string Dir { get; init; }

    /// <summary>Short id of the run, part of every namespace's name.</summary>
    public required string RunId { get; init; }

    /// <summary>Seed of every random choice the network makes (loss, jitter).</summary>
    public int Seed { get; init; }

    /// <summary>The raftos binary; null for the one built beside the suite.</summary>
    public Raftos.Dev.RaftosExecutable? Executable { get; init; }

    /// <summary>Settings passed to every master as RAFTOS_MASTER__* variables.</summary>
    public IReadOnlyDictionary<string, string> MasterSettings { get; init; } = new Dictionary<string, string>();
}
