using Raftos.Core;
using Raftos.Core.State;

namespace Raftos.Core.Scheduling;

/// <summary>
/// Decides where pending tasks run: a pure function of the state and the time, so any
/// master would plan the same round from the same state, and tests can replay it.
/// </summary>
/// <remarks>
/// A round works job by job, the way Nomad's placement iterators compose:
/// <list type="number">
/// <item>Priorities first: every pending task of a higher priority is tried before any of a lower one.</item>
/// <item>Within a priority, roles take turns by Dominant Resource Fairness: the role with the
/// smallest weighted dominant share places its next task; a quota is never exceeded.</item>
/// <item>Within a role, larger tasks go first (best fit decreasing packs densest).</item>
/// <item>Feasibility (eligible agent, constraints, distinct_hosts, free CPU, memory, disk and
/// ports) then ranking: binpack takes the 32 fullest feasible agents and picks the one left
/// best balanced between CPU and memory (in the proportion the whole demand has), with a
/// penalty for stacking one job's tasks; spread water-fills over agents or over the values
/// of an attribute, emptiest agents first.</item>
/// <item>A job whose task fits nowhere stops for the round (its other tasks are the same shape)
/// with a reason counting what filtered the agents out; a task of higher priority may preempt
/// strictly lower-priority tasks.</item>
/// </list>
/// Each round costs about O(pending tasks + jobs × agents), not O(tasks × agents).
/// </remarks>
public static class Scheduler
{
    /// <summary>Most preemption searches in one round: each one looks at every agent.</summary>
    public const int PreemptionSearchesMax = 32;

    /// <summary>Most placements one round may make: half a command, the rest is room for blocked reasons and preemptions.</summary>
    public const int PlacementsPerRoundLimit = Limits.UpdatesPerCommandMax / 2;

    /// <summary>Plans one round of at most <paramref name="placementsMax"/> placements.</summary>
    public static SchedulingPlan Plan(ClusterState state, long now, int placementsMax = 1000)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(placementsMax);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(placementsMax, PlacementsPerRoundLimit);
        return new SchedulingRound(state.Fleet, now, placementsMax).Run();
    }
}
