using System.Collections.Concurrent;
using Raftos.Core.Agents;

namespace Raftos.Master.Raft;

/// <summary>
/// Per-agent view of the applied state, fed by the state machine as it applies entries: each
/// agent's latest record, readable without the state machine's lock (heartbeats check it), and
/// a signal per agent that fires when that record changes (the agent's long poll waits on it,
/// rather than on every applied entry). Take <see cref="Next"/> before reading, then await it:
/// a change between the read and the await is never missed.
/// </summary>
public sealed class AgentChanges
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, AgentRecord> latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Raised with the agent's id when one of its registrations (a new epoch) is applied: the
    /// agent just spoke to a master, which is a sign of life as good as a heartbeat. Raised
    /// under the state machine's lock, so handlers must be quick.
    /// </summary>
    public event Action<string>? Registered;

    /// <summary>The agent's record as of the last applied entry, or null while it is not registered.</summary>
    public AgentRecord? Latest(string agentId) => latest.GetValueOrDefault(agentId);

    /// <summary>
    /// Completes at the next applied change of the agent's record; null while the agent is not
    /// registered (so that polls for unknown ids leave nothing behind).
    /// </summary>
    public Task? Next(string agentId)
    {
        lock (gate)
        {
            if (!latest.ContainsKey(agentId))
                return null;
            if (!waiting.TryGetValue(agentId, out var next))
                waiting[agentId] = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return next.Task;
        }
    }

    /// <summary>Records an applied change of one agent and wakes whoever waits on it.</summary>
    internal void Changed(AgentRecord agent)
    {
        bool registered;
        lock (gate)
        {
            registered = !latest.TryGetValue(agent.Id, out var before) || before.Epoch != agent.Epoch;
            latest[agent.Id] = agent;
            if (waiting.Remove(agent.Id, out var next))
                next.TrySetResult();
        }

        if (registered)
            Registered?.Invoke(agent.Id);
    }

    /// <summary>Replaces every record (the state was restored from a snapshot) and wakes every waiter.</summary>
    internal void Reset(IEnumerable<AgentRecord> agents)
    {
        lock (gate)
        {
            latest.Clear();
            foreach (var agent in agents)
                latest[agent.Id] = agent;
            foreach (var next in waiting.Values)
                next.TrySetResult();
            waiting.Clear();
        }
    }
}
