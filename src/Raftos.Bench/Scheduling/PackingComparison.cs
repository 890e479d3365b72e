using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Bench.Scheduling;

/// <summary>
/// Packing efficiency: how many agents a placement strategy uses for a workload, against the
/// lower bound ⌈total demand / agent capacity⌉ in the binding resource. The Raftos scheduler
/// runs for real; first fit (tasks in submission order, the first agent with room) and random
/// (a random agent with room) are the baselines, on the same tasks.
/// </summary>
internal static class PackingComparison
{
    /// <summary>One strategy's outcome.</summary>
    public sealed record Outcome(string Strategy, int Placed, int AgentsUsed, int LowerBound)
    {
        /// <summary>Agents used beyond the bound, as a fraction of it.</summary>
        public double OverBound => (double)(AgentsUsed - LowerBound) / LowerBound;
    }

    /// <summary>The lower bound for a demand on identical agents.</summary>
    public static int LowerBound(Resources demand)
    {
        var size = SchedulerWorkload.AgentSize;
        return (int)Math.Max(Math.Ceiling((double)demand.CpuMillis / size.CpuMillis), Math.Ceiling((double)demand.MemoryMb / size.MemoryMb));
    }

    /// <summary>The three strategies on the same seeded workload.</summary>
    public static IReadOnlyList<Outcome> Run(int agents, int tasks, int seed)
    {
        var raftos = SchedulerWorkload.Build(agents, tasks, seed, mixedPolicies: false);
        var pending = raftos.State.Fleet.Tasks.All.Where(t => t.State == TaskState.Pending)
            .OrderBy(t => t.Sequence).Select(t => t.Resources).ToList();
        var bound = LowerBound(raftos.Demand);

        var drain = SchedulerDrain.Run(raftos, perRound: 5000);
        var fleet = raftos.State.Fleet;
        var used = fleet.Agents.All.Count(a => fleet.Tasks.CountOnAgent(a.Id) > 0);
        return
        [
            new Outcome("raftos (binpack, DRF order)", drain.Placed, used, bound),
            Baseline("first fit", pending, agents, bound, (free, need, _) => FirstFit(free, need)),
            Baseline("random", pending, agents, bound, (free, need, random) => RandomFit(free, need, random)),
        ];
    }

    private static Outcome Baseline(string name, List<Resources> tasks, int agents, int bound, Func<Resources[], Resources, Random, int> choose)
    {
        var free = Enumerable.Repeat(SchedulerWorkload.AgentSize, agents).ToArray();
        var random = new Random(1);
        var placed = 0;
        foreach (var need in tasks)
        {
            var agent = choose(free, need, random);
            if (agent < 0)
                continue;
            free[agent] -= need;
            placed++;
        }

        return new Outcome(name, placed, free.Count(f => f != SchedulerWorkload.AgentSize), bound);
    }

    private static int FirstFit(Resources[] free, Resources need)
    {
        for (var i = 0; i < free.Length; i++)
        {
            if (need.FitsIn(free[i]))
                return i;
        }

        return -1;
    }

    private static int RandomFit(Resources[] free, Resources need, Random random)
    {
        var start = random.Next(free.Length);
        for (var k = 0; k < free.Length; k++)
        {
            var i = (start + k) % free.Length;
            if (need.FitsIn(free[i]))
                return i;
        }

        return -1;
    }
}
