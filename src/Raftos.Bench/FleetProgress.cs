using System.Diagnostics;
using Raftos.Core.Protocol;

namespace Raftos.Bench;

/// <summary>
/// What the simulated agents have seen and done so far, shared by all of them (thread-safe):
/// the milestones the phases wait for, and the heartbeat record that shows no agent went
/// silent long enough to be declared lost.
/// </summary>
internal sealed class FleetProgress(int agents, int tasks)
{
    private long heartbeatsAnswered;
    private long heartbeatsFailed;
    private long registrationsRepeated;
    private long longestSilenceTicks;
    private long slowestHeartbeatTicks;
    private Exception? failure;

    /// <summary>Agents registered once.</summary>
    public Milestone Registered { get; } = new(agents);

    /// <summary>Tasks an agent has received in state assigned: placed, as the agents see it.</summary>
    public Milestone Assigned { get; } = new(tasks);

    /// <summary>Tasks whose "running" report a master has applied.</summary>
    public Milestone Running { get; } = new(tasks);

    /// <summary>Tasks whose "killed" report a master has applied.</summary>
    public Milestone Killed { get; } = new(tasks);

    public long HeartbeatsAnswered => Interlocked.Read(ref heartbeatsAnswered);

    public long HeartbeatsFailed => Interlocked.Read(ref heartbeatsFailed);

    /// <summary>Registrations beyond each agent's first: a master told an agent its registration was stale (declared lost, or unknown).</summary>
    public long RegistrationsRepeated => Interlocked.Read(ref registrationsRepeated);

    /// <summary>The longest time any agent went between two answered heartbeats.</summary>
    public TimeSpan LongestSilence => TimeSpan.FromSeconds((double)Interlocked.Read(ref longestSilenceTicks) / Stopwatch.Frequency);

    /// <summary>The longest any heartbeat took to be answered.</summary>
    public TimeSpan SlowestHeartbeat => TimeSpan.FromSeconds((double)Interlocked.Read(ref slowestHeartbeatTicks) / Stopwatch.Frequency);

    /// <summary>The first unexpected error of any simulated agent, which ends the run.</summary>
    public Exception? Failure => Volatile.Read(ref failure);

    public void HeartbeatAnswered(long silenceTicks, long latencyTicks)
    {
        Interlocked.Increment(ref heartbeatsAnswered);
        Raise(ref longestSilenceTicks, silenceTicks);
        Raise(ref slowestHeartbeatTicks, latencyTicks);
    }

    public void HeartbeatFailed() => Interlocked.Increment(ref heartbeatsFailed);

    public void RegisteredAgain() => Interlocked.Increment(ref registrationsRepeated);

    /// <summary>Counts the changes of a report a master has applied.</summary>
    public void Reported(IEnumerable<TaskStatusChange> applied)
    {
        var changes = applied.ToList();
        Running.Add(changes.Count(c => c.State == "running"));
        Killed.Add(changes.Count(c => c.State == "killed"));
    }

    public void Failed(Exception e) => Interlocked.CompareExchange(ref failure, e, null);

    private static void Raise(ref long maximum, long value)
    {
        var seen = Interlocked.Read(ref maximum);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref maximum, value, seen);
            if (was == seen)
                return;
            seen = was;
        }
    }
}
