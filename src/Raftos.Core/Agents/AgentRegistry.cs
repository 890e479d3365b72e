namespace Raftos.Core.Agents;

/// <summary>Agent records by id. Changed only through <see cref="State.Fleet"/>.</summary>
public sealed class AgentRegistry
{
    private readonly SortedDictionary<string, AgentRecord> agents = new(StringComparer.Ordinal);

    /// <summary>All agents in id order.</summary>
    public IReadOnlyCollection<AgentRecord> All => agents.Values;

    /// <summary>Number of agents.</summary>
    public int Count => agents.Count;

    /// <summary>The agent, if known.</summary>
    public AgentRecord? Get(string id) => agents.GetValueOrDefault(id);

    internal void Put(AgentRecord agent) => agents[agent.Id] = agent;

    internal void Restore(IEnumerable<AgentRecord> restored)
    {
        foreach (var agent in restored)
            Invariant.Holds(agents.TryAdd(agent.Id, agent), "a snapshot holds an agent twice");
    }
}
