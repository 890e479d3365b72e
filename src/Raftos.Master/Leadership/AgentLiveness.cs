using Microsoft.Extensions.Options;
using Raftos.Core.Agents;
using Raftos.Core.Protocol;
using Raftos.Core.Scheduling;
using Raftos.Master.Raft;

namespace Raftos.Master.Leadership;

/// <summary>
/// The leader's in-memory heartbeat table: the failure detector plus the latest usage each
/// agent reported. Nothing here is replicated; a new leader starts empty, with a grace
/// period. An applied registration counts as heard too: an agent that registers late in the
/// grace period must not be declared lost before its first heartbeat had time to arrive.
/// Thread-safe.
/// </summary>
public sealed class AgentLiveness
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, AgentHeartbeat> latest = new(StringComparer.Ordinal);
    private readonly FailureDetector detector;

    /// <summary>Creates the table, fed by <paramref name="node"/>'s applied registrations and by heartbeats.</summary>
    public AgentLiveness(IOptions<MasterOptions> options, RaftNode node)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(node);
        detector = new FailureDetector(
            (long)options.Value.AgentSuspectTimeout.TotalMilliseconds,
            (long)options.Value.AgentLostTimeout.TotalMilliseconds);
        node.AgentChanges.Registered += HeardFrom;
    }

    // Monotonic: a wall-clock jump must not declare every agent lost.
    private static long Now => Environment.TickCount64;

    /// <summary>Starts a leadership: forget everything, and grant every agent the grace period.</summary>
    public void LeadershipStarted()
    {
        lock (gate)
        {
            latest.Clear();
            detector.LeadershipStarted(Now);
        }
    }

    /// <summary>Records a heartbeat.</summary>
    public void Heard(AgentHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        lock (gate)
        {
            detector.Heard(heartbeat.AgentId, Now);
            latest[heartbeat.AgentId] = heartbeat;
        }
    }

    private void HeardFrom(string agentId)
    {
        lock (gate)
            detector.Heard(agentId, Now);
    }

    /// <summary>Health, time since last heard (ms) and latest heartbeat of an agent.</summary>
    public (AgentHealth Health, long SilenceMs, AgentHeartbeat? Latest) Of(string agentId)
    {
        lock (gate)
        {
            var now = Now;
            return (detector.HealthOf(agentId, now), now - detector.LastHeard(agentId), latest.GetValueOrDefault(agentId));
        }
    }

    /// <summary>Ready agents silent past the lost timeout, with how long they have been silent.</summary>
    public IReadOnlyList<(AgentRecord Agent, long SilenceMs)> FindLost(IEnumerable<AgentRecord> agents)
    {
        lock (gate)
        {
            var now = Now;
            return [.. detector.FindLost(agents, now).Select(a => (a, now - detector.LastHeard(a.Id)))];
        }
    }
}
