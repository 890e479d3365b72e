using Microsoft.Extensions.Options;
using Raftos.Core.Agents;
using Raftos.Core.Protocol;
using Raftos.Core.Scheduling;

namespace Raftos.Master.Leadership;

/// <summary>
/// The leader's in-memory heartbeat table: the failure detector plus the latest usage each
/// agent reported. Nothing here is replicated; a new leader starts empty, with a grace
/// period. Thread-safe.
/// </summary>
public sealed class AgentLiveness(IOptions<MasterOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, AgentHeartbeat> latest = new(StringComparer.Ordinal);
    private readonly FailureDetector detector = new(
        (long)options.Value.AgentSuspectTimeout.TotalMilliseconds,
        (long)options.Value.AgentLostTimeout.TotalMilliseconds);

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
