using Raftos.Core.Agents;

namespace Raftos.Core.Scheduling;

/// <summary>
/// The leader's view of agent liveness: when each agent was last heard from, on the
/// leader's monotonic clock. Heartbeats stay here, in memory, never in the log; only the
/// verdict "lost" becomes a command. A new leader knows no heartbeats, so it counts every
/// agent as heard at the moment it took over: the grace period. Pure (time is passed in);
/// not thread-safe.
/// </summary>
public sealed class FailureDetector
{
    private readonly Dictionary<string, long> lastHeard = new(StringComparer.Ordinal);
    private long leaderSince;

    /// <summary>Creates a detector with the given timeouts, in ms.</summary>
    public FailureDetector(long suspectAfterMs, long lostAfterMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(suspectAfterMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(lostAfterMs, suspectAfterMs);
        SuspectAfterMs = suspectAfterMs;
        LostAfterMs = lostAfterMs;
    }

    /// <summary>Silence after which an agent is suspect.</summary>
    public long SuspectAfterMs { get; }

    /// <summary>Silence after which an agent is lost.</summary>
    public long LostAfterMs { get; }

    /// <summary>Forgets every heartbeat and starts the grace period at <paramref name="now"/>.</summary>
    public void LeadershipStarted(long now)
    {
        lastHeard.Clear();
        leaderSince = now;
    }

    /// <summary>Records a heartbeat.</summary>
    public void Heard(string agentId, long now) => lastHeard[agentId] = Math.Max(now, lastHeard.GetValueOrDefault(agentId));

    /// <summary>When the agent was last heard from (or the leadership start if never).</summary>
    public long LastHeard(string agentId) => lastHeard.TryGetValue(agentId, out var at) ? Math.Max(at, leaderSince) : leaderSince;

    /// <summary>The agent's health at <paramref name="now"/>.</summary>
    public AgentHealth HealthOf(string agentId, long now)
    {
        var silence = now - LastHeard(agentId);
        return silence >= LostAfterMs ? AgentHealth.Lost : silence >= SuspectAfterMs ? AgentHealth.Suspect : AgentHealth.Alive;
    }

    /// <summary>Ready agents silent past the lost timeout, in id order.</summary>
    public IReadOnlyList<AgentRecord> FindLost(IEnumerable<AgentRecord> agents, long now)
    {
        ArgumentNullException.ThrowIfNull(agents);
        return [.. agents.Where(a => a.Status == AgentStatus.Ready && HealthOf(a.Id, now) == AgentHealth.Lost)];
    }
}
