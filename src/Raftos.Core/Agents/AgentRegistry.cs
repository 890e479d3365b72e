namespace Raftos.Core.Agents;

/// <summary>Agent records by id. Changed only through <see cref="State.Fleet"/>.</summary>
public sealed class AgentRegistry
{
    private readonly SortedDictionary<string, AgentRecord> agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> touched = new(StringComparer.Ordinal);

    /// <summary>All agents in id order.</summary>
    public IReadOnlyCollection<AgentRecord> All => agents.Values;

    /// <summary>Number of agents.</summary>
    public int Count => agents.Count;

    /// <summary>The agent, if known.</summary>
    public AgentRecord? Get(string id) => agents.GetValueOrDefault(id);

    /// <summary>
    /// Hands <paramref name="visit"/> the ids of the agents whose record changed since the
    /// last call (registered, lost, drained, or their tasks changed), then forgets them. Not
    /// replicated state: the master calls it after each applied entry to wake only the
    /// long polls of those agents.
    /// </summary>
    public void DrainTouched(Action<string> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        foreach (var id in touched)
            visit(id);
        touched.Clear();
    }

    internal void Put(AgentRecord agent)
    {
        agents[agent.Id] = agent;
        touched.Add(agent.Id);
    }

    internal void Restore(IEnumerable<AgentRecord> restored)
    {
        foreach (var agent in restored)
            Invariant.Holds(agents.TryAdd(agent.Id, agent), "a snapshot holds an agent twice");
    }
}
