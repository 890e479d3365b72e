using System.Diagnostics;
using Raftos.Core.Scheduling;

namespace Raftos.Bench.Scheduling;

/// <summary>What draining a workload's pending tasks through the scheduler took.</summary>
/// <param name="Placed">Tasks placed.</param>
/// <param name="Rounds">Scheduling rounds (log entries) it took.</param>
/// <param name="PlanTime">Time inside <see cref="Scheduler.Plan"/> only.</param>
/// <param name="ApplyTime">Time applying the plans to the state (what every master does).</param>
/// <param name="PlanAllocatedBytes">Managed memory allocated by planning.</param>
internal sealed record SchedulerDrain(int Placed, int Rounds, TimeSpan PlanTime, TimeSpan ApplyTime, long PlanAllocatedBytes)
{
    /// <summary>Placements per second of the pure scheduler.</summary>
    public double PlacementsPerSecond => Placed / Math.Max(PlanTime.TotalSeconds, 1e-9);

    /// <summary>
    /// Plans and applies rounds of at most <paramref name="perRound"/> placements, as the
    /// leader does, until a round places nothing.
    /// </summary>
    public static SchedulerDrain Run(SchedulerWorkload workload, int perRound)
    {
        var (placed, rounds) = (0, 0);
        long planTicks = 0, applyTicks = 0, allocated = 0;
        while (true)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            var plan = Scheduler.Plan(workload.State, workload.Now, perRound);
            planTicks += Stopwatch.GetTimestamp() - start;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            if (plan.Placements.Count == 0)
                break;

            start = Stopwatch.GetTimestamp();
            var result = workload.Apply(plan.ToCommand($"place-{rounds}"));
            applyTicks += Stopwatch.GetTimestamp() - start;
            placed += result.Ids.Count;
            rounds++;
        }

        return new SchedulerDrain(placed, rounds, Stopwatch.GetElapsedTime(0, planTicks), Stopwatch.GetElapsedTime(0, applyTicks), allocated);
    }
}
