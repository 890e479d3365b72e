using Raftos.Core.Jobs;
using Raftos.Core.Tasks;

namespace Raftos.Core.Scheduling;

/// <summary>
/// The pending tasks of one job in a round, and where the job stands on each agent. All of
/// them share one spec, so feasibility is worked out once per job, and an agent found unable
/// to take one of them is never looked at again for the others in this round (agents only
/// fill up within a round).
/// </summary>
internal sealed class JobGroup(SchedulingRound round, JobRecord job)
{
    // Binpack scores this many of the fullest feasible agents for each task: enough choice
    // to balance CPU against memory and to keep a job's tasks apart (packing is within a few
    // percent of the bound at 32, up to 5.6 % at 16), few enough to stay O(1). Each task of the
    // same job already on an agent costs 1/count, as Nomad's job anti-affinity does: it keeps
    // one job off a single agent and, by mixing jobs of different shapes on every agent,
    // packs tighter (1.6-2.7 % over the bound against 2.5-3.8 % without).
    private const int Candidates = 32;

    private readonly int stamp = round.NewStamp();
    private Dictionary<int, int>? tasksOn;
    private bool[]? feasible;
    private int cursor;
    private int[]? spreadOrder;
    private int spreadAt;
    private int spreadLevel = -1;
    private Dictionary<string, int>? valueLoads;

    /// <summary>The job.</summary>
    public JobRecord Job { get; } = job;

    /// <summary>Its placeable pending tasks, oldest first.</summary>
    public List<TaskRecord> Tasks { get; } = [];

    /// <summary>Index of the next task to place.</summary>
    public int Next { get; private set; }

    /// <summary>The job's role.</summary>
    public string Role => Job.Spec.Role;

    /// <summary>The job's priority.</summary>
    public int Priority => Job.Spec.Priority;

    /// <summary>Ports each task needs.</summary>
    public int PortCount => Job.Spec.Task.Ports.Count;

    /// <summary>Whether each task is pinned to its own agent (a system job).</summary>
    public bool IsPinned => Job.Spec.Type == JobType.System;

    /// <summary>The next task to place.</summary>
    public TaskRecord Current => Tasks[Next];

    /// <summary>Whether every task was placed or given up on.</summary>
    public bool IsDone => Next >= Tasks.Count;

    private Dictionary<int, int> TasksOn => tasksOn ??= CountTasksOn();

    private bool[] Feasible => feasible ??= round.FeasibleFor(Job.Spec, ConstraintKey);

    /// <summary>Whether the job asks for every task on a different agent (read once: it is checked for every candidate).</summary>
    public bool DistinctHosts { get; } = job.Spec.DistinctHosts;

    /// <summary>The job's constraints (but distinct_hosts) as one string: jobs with equal keys have the same feasible agents.</summary>
    public string ConstraintKey { get; } = string.Join('\u0001', job.Spec.Constraints.Where(c => c.Operator != Constraint.DistinctHostsOperator)
        .Select(c => $"{c.Attribute}\u0000{c.Operator}\u0000{c.Value}"));

    /// <summary>Moves on to the next task.</summary>
    public void Advance() => Next++;

    /// <summary>Whether a task of this job holds resources on the agent (placed earlier or this round).</summary>
    public bool HasTaskOn(int agent) => TasksOn.GetValueOrDefault(agent) > 0;

    /// <summary>Records a placement of this round.</summary>
    public void Placed(int agent)
    {
        TasksOn[agent] = TasksOn.GetValueOrDefault(agent) + 1;
        if (valueLoads is not null)
        {
            var value = SpreadValue(agent);
            valueLoads[value] = valueLoads.GetValueOrDefault(value) + 1;
        }
    }

    /// <summary>The agent for the task, or -1 when none can take it.</summary>
    public int Pick(TaskRecord task)
        => task.PinnedAgent is { } pinned ? PickPinned(task, pinned)
            : Job.Spec.Strategy == PlacementStrategy.Spread ? PickSpread(task)
            : PickBinpack(task);

    private bool CanTake(int agent, TaskRecord task)
        => Feasible[agent] && round.Fits(agent, task, PortCount) && !(DistinctHosts && HasTaskOn(agent));

    private int PickPinned(TaskRecord task, string pinned)
        => round.IndexOf.TryGetValue(pinned, out var agent) && round.Agents[agent].IsEligible && CanTake(agent, task) ? agent : -1;

    // Walks the agents fullest first from the job's cursor, scores the first few that can take
    // the task, and takes the best. Agents that cannot take it are marked and skipped from then on.
    private int PickBinpack(TaskRecord task)
    {
        var order = round.Order;
        var count = Math.Max(1, Job.Spec.Count);
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var found = 0;
        for (var i = cursor; i < order.Length && found < Candidates; i++)
        {
            var agent = order[i];
            if (round.Stamps[agent] == stamp || round.Useless[agent] || !CanTake(agent, task))
            {
                round.Stamps[agent] = stamp;
                if (i == cursor)
                    cursor++;
                continue;
            }

            found++;
            var score = round.BinpackScore(agent, task) - ((double)TasksOn.GetValueOrDefault(agent) / count);
            if (score > bestScore)
                (best, bestScore) = (agent, score);
        }

        return best;
    }

    // Water-fills: takes the next agent in the spread order (from where the last pick stopped)
    // whose load (this job's tasks on it, or on its value of the spread attribute) is at the
    // current level, raising the level when every agent that can take the task is above it.
    private int PickSpread(TaskRecord task)
    {
        spreadOrder ??= BuildSpreadOrder();
        var n = spreadOrder.Length;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var lowest = int.MaxValue;
            for (var k = 0; k < n; k++)
            {
                var at = (spreadAt + k) % n;
                var agent = spreadOrder[at];
                if (round.Stamps[agent] == stamp || round.Useless[agent])
                    continue;
                if (!CanTake(agent, task))
                {
                    round.Stamps[agent] = stamp;
                    continue;
                }

                var load = SpreadLoad(agent);
                if (load <= spreadLevel)
                {
                    spreadAt = at + 1;
                    return agent;
                }

                lowest = Math.Min(lowest, load);
            }

            if (lowest == int.MaxValue)
                return -1;
            spreadLevel = lowest;
        }

        return -1;
    }

    private int SpreadLoad(int agent)
        => Job.Spec.SpreadBy.Length == 0 ? TasksOn.GetValueOrDefault(agent) : valueLoads!.GetValueOrDefault(SpreadValue(agent));

    private string SpreadValue(int agent) => round.Agents[agent].Attributes.GetValueOrDefault(Job.Spec.SpreadBy) ?? string.Empty;

    // Feasible agents grouped by the spread attribute's value (each agent its own group when
    // spreading over agents); values with fewest of this job's tasks first, and within a
    // value the agents with fewest of them, then the emptiest; then interleaved.
    private int[] BuildSpreadOrder()
    {
        var attribute = Job.Spec.SpreadBy;
        var agents = round.Order.Where(a => Feasible[a])
            .OrderBy(a => TasksOn.GetValueOrDefault(a)).ThenBy(a => round.Fullness[a]).ThenBy(a => a)
            .ToList();
        if (attribute.Length == 0)
            return [.. agents];

        var byValue = agents.GroupBy(SpreadValue)
            .Select(g => (Value: g.Key, Agents: g.ToList(), Load: g.Sum(a => TasksOn.GetValueOrDefault(a))))
            .OrderBy(g => g.Load).ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        valueLoads = byValue.ToDictionary(v => v.Value, v => v.Load, StringComparer.Ordinal);
        var interleaved = new List<int>(agents.Count);
        for (var depth = 0; interleaved.Count < agents.Count; depth++)
        {
            foreach (var value in byValue)
            {
                if (depth < value.Agents.Count)
                    interleaved.Add(value.Agents[depth]);
            }
        }

        return [.. interleaved];
    }

    private Dictionary<int, int> CountTasksOn()
    {
        var counts = new Dictionary<int, int>();
        foreach (var task in round.Fleet.Tasks.OfJob(Job.Id))
        {
            if (task.State.HoldsResources() && task.AgentId is { } id && round.IndexOf.TryGetValue(id, out var agent))
                counts[agent] = counts.GetValueOrDefault(agent) + 1;
        }

        return counts;
    }
}
