using System.Globalization;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Scheduling;

/// <summary>
/// Decides where pending tasks run: a pure function of the state and the time. Tasks go in
/// priority order (then creation order); each is checked against every agent (eligible,
/// pinned agent, constraints, free CPU and memory, counting this round's own placements),
/// and the feasible agents are ranked by the job's strategy. A task that fits nowhere gets
/// a reason that says what filtered the agents out.
/// </summary>
public static class Scheduler
{
    /// <summary>Plans one round of at most <paramref name="placementsMax"/> placements.</summary>
    public static SchedulingPlan Plan(ClusterState state, long now, int placementsMax = 1000)
    {
        ArgumentNullException.ThrowIfNull(state);
        var fleet = state.Fleet;
        var candidates = new List<TaskRecord>();
        long? nextWake = null;
        foreach (var id in fleet.Tasks.PendingIds)
        {
            var task = fleet.Tasks.Get(id)!;
            if (task.Desired != DesiredState.Run)
                continue;
            if (task.NotBefore > now)
            {
                nextWake = Math.Min(nextWake ?? long.MaxValue, task.NotBefore);
                continue;
            }

            candidates.Add(task);
        }

        candidates.Sort((a, b) =>
        {
            var byPriority = PriorityOf(fleet, b).CompareTo(PriorityOf(fleet, a));
            return byPriority != 0 ? byPriority : a.Sequence.CompareTo(b.Sequence);
        });

        var agents = fleet.Agents.All.ToList();
        var free = agents.ToDictionary(a => a.Id, a => a.Total - fleet.Tasks.AllocatedOn(a.Id), StringComparer.Ordinal);
        var jobTasksOnAgent = new Dictionary<(string Job, string Agent), int>();
        var placements = new List<TaskPlacement>();
        var blocked = new List<TaskBlocked>();
        foreach (var task in candidates)
        {
            if (placements.Count >= placementsMax)
                break;
            var spec = fleet.Jobs.Get(task.JobId)?.Spec;
            if (spec is null)
                continue;

            var filter = new FilterCounts();
            AgentRecord? best = null;
            var bestScore = double.NegativeInfinity;
            foreach (var agent in agents)
            {
                if (!Feasible(task, spec, agent, free[agent.Id], ref filter))
                    continue;
                var score = Score(spec.Strategy, agent, free[agent.Id] - task.Resources, SameJobOn(fleet, jobTasksOnAgent, task.JobId, agent.Id));
                if (score > bestScore)
                {
                    best = agent;
                    bestScore = score;
                }
            }

            if (best is null)
            {
                var reason = filter.Describe(agents.Count);
                if (reason != task.Reason)
                    blocked.Add(new TaskBlocked(task.Id, reason));
                continue;
            }

            free[best.Id] -= task.Resources;
            jobTasksOnAgent[(task.JobId, best.Id)] = SameJobOn(fleet, jobTasksOnAgent, task.JobId, best.Id) + 1;
            placements.Add(new TaskPlacement(task.Id, best.Id));
        }

        return new SchedulingPlan(placements, blocked, nextWake);
    }

    private static int PriorityOf(Fleet fleet, TaskRecord task) => fleet.Jobs.Get(task.JobId)?.Spec.Priority ?? 0;

    private static bool Feasible(TaskRecord task, JobSpec spec, AgentRecord agent, Resources free, ref FilterCounts filter)
    {
        if (agent.Status != AgentStatus.Ready)
        {
            filter.Lost++;
            return false;
        }

        if (agent.Draining)
        {
            filter.Draining++;
            return false;
        }

        if (task.PinnedAgent is not null && task.PinnedAgent != agent.Id)
        {
            filter.Pinned++;
            return false;
        }

        if (Constraints.FirstUnmet(spec.Constraints, agent.Attributes) is { } unmet)
        {
            filter.Constraint++;
            filter.FirstConstraint ??= unmet.ToString();
            return false;
        }

        if (task.Resources.CpuMillis > free.CpuMillis)
        {
            filter.Cpu++;
            return false;
        }

        if (task.Resources.MemoryMb > free.MemoryMb)
        {
            filter.Memory++;
            return false;
        }

        return true;
    }

    // Higher is better. Binpack prefers the agent left fullest (best fit); spread prefers the
    // agent with the fewest tasks of this job, then the emptiest.
    private static double Score(PlacementStrategy strategy, AgentRecord agent, Resources freeAfter, int sameJobTasks)
    {
        var cpuUsed = 1.0 - ((double)freeAfter.CpuMillis / Math.Max(1, agent.Total.CpuMillis));
        var memoryUsed = 1.0 - ((double)freeAfter.MemoryMb / Math.Max(1, agent.Total.MemoryMb));
        var fullness = (cpuUsed + memoryUsed) / 2;
        return strategy == PlacementStrategy.Spread ? -sameJobTasks - fullness : fullness;
    }

    private static int SameJobOn(Fleet fleet, Dictionary<(string Job, string Agent), int> counts, string jobId, string agentId)
    {
        if (counts.TryGetValue((jobId, agentId), out var count))
            return count;
        count = fleet.Tasks.OnAgent(agentId).Count(t => t.JobId == jobId);
        counts[(jobId, agentId)] = count;
        return count;
    }

    private struct FilterCounts
    {
        public int Lost;
        public int Draining;
        public int Pinned;
        public int Constraint;
        public int Cpu;
        public int Memory;
        public string? FirstConstraint;

        public readonly string Describe(int agents)
        {
            if (agents == 0)
                return "no agents registered";
            var parts = new List<string>();
            Add(parts, Memory, "short of memory");
            Add(parts, Cpu, "short of CPU");
            Add(parts, Constraint, $"by constraint {FirstConstraint}");
            Add(parts, Draining, "draining");
            Add(parts, Lost, "lost");
            Add(parts, Pinned, "not the pinned agent");
            return string.Create(CultureInfo.InvariantCulture, $"no agent can take it: {agents} agent{(agents == 1 ? "" : "s")} filtered: {string.Join(", ", parts)}");
        }

        private static void Add(List<string> parts, int count, string what)
        {
            if (count > 0)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
        }
    }
}
