using System.Globalization;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Scheduling;

/// <summary>
/// One scheduling round: a working copy of what every agent has free, what every role holds,
/// and the decisions taken so far. Agents are addressed by a dense index (id order) so the
/// hot loop touches arrays, not dictionaries.
/// </summary>
internal sealed class SchedulingRound
{
    private readonly Fleet fleet;
    private readonly long now;
    private readonly int placementsMax;

    private readonly List<TaskPlacement> placements = [];
    private readonly List<TaskBlocked> blocked = [];
    private readonly List<TaskPreemption> preemptions = [];
    private readonly Dictionary<string, Resources> roleHeld = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool[]> feasibleByConstraints = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Resources> stoppingOn = [];
    private readonly Dictionary<int, Resources> reservedOn = [];
    private readonly HashSet<string> preempted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(Resources Need, int Ports)>> failedShapes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, Resources, int, string?, string?), string> explanations = [];
    private readonly Dictionary<int, List<TaskRecord>> victimsOn = [];
    private int noVictimsAtOrBelow = -1;
    private const int PreemptionsMax = 1000;

    // Between equally balanced agents, the fuller wins (what fills small clusters agent by
    // agent); packing at scale is within 2 % of the bound for weights 0 to 0.2.
    private const double FullnessWeight = 0.2;
    private int preemptionSearches;
    private int groupStamps;

    public SchedulingRound(Fleet fleet, long now, int placementsMax)
    {
        this.fleet = fleet;
        this.now = now;
        this.placementsMax = placementsMax;
        Agents = [.. fleet.Agents.All];
        IndexOf = new Dictionary<string, int>(Agents.Length, StringComparer.Ordinal);
        Free = new Resources[Agents.Length];
        FreePorts = new int[Agents.Length];
        Fullness = new double[Agents.Length];
        Useless = new bool[Agents.Length];
        Stamps = new int[Agents.Length];
        TakenPorts = new List<int>?[Agents.Length];
        var capacity = Resources.Zero;
        for (var i = 0; i < Agents.Length; i++)
        {
            var agent = Agents[i];
            IndexOf[agent.Id] = i;
            Free[i] = agent.Total - fleet.Tasks.AllocatedOn(agent.Id);
            FreePorts[i] = agent.PortCount - fleet.Tasks.PortsOn(agent.Id).Count;
            Fullness[i] = FullnessOf(agent.Total, Free[i]);
            if (agent.IsEligible)
                capacity += agent.Total;
        }

        Capacity = capacity;
        foreach (var (role, held) in fleet.Tasks.AllocatedByRole)
            roleHeld[role] = held;
    }

    /// <summary>Agents in id order.</summary>
    public AgentRecord[] Agents { get; }

    /// <summary>
    /// Memory share of the cluster over CPU share that all tasks (held and pending) ask for:
    /// the proportion a well-packed agent fills its memory and CPU in.
    /// </summary>
    public double DemandMix { get; private set; } = 1;

    /// <summary>Agent index by id.</summary>
    public Dictionary<string, int> IndexOf { get; }

    /// <summary>What each agent has free, counting this round's placements.</summary>
    public Resources[] Free { get; }

    /// <summary>How many ports each agent has free.</summary>
    public int[] FreePorts { get; }

    /// <summary>Each agent's fullness at the start of the round (0 empty, 1 full).</summary>
    public double[] Fullness { get; }

    /// <summary>Agents too full for the smallest pending task: skipped by every job.</summary>
    public bool[] Useless { get; }

    /// <summary>Per-agent marks of the job group that ruled the agent out (see <see cref="NewStamp"/>).</summary>
    public int[] Stamps { get; }

    /// <summary>Ports handed out this round, per agent.</summary>
    public List<int>?[] TakenPorts { get; }

    /// <summary>Eligible agents, fullest first at the start of the round (ties by id).</summary>
    public int[] Order { get; private set; } = [];

    /// <summary>Sum of what the eligible agents offer: the denominator of dominant shares.</summary>
    public Resources Capacity { get; }

    /// <summary>The fleet planned for.</summary>
    public Fleet Fleet => fleet;

    /// <summary>A mark unique to one job group in this round.</summary>
    public int NewStamp() => ++groupStamps;

    public SchedulingPlan Run()
    {
        var groups = CollectGroups(out var nextWake);
        if (groups.Count > 0 && placementsMax > 0)
        {
            OrderAgents(groups);
            foreach (var level in groups.GroupBy(g => g.Priority).OrderByDescending(l => l.Key))
            {
                if (!RunLevel(level))
                    break;
            }
        }

        // One command carries the plan: reasons are informative and wait for a later round.
        var room = Limits.UpdatesPerCommandMax - placements.Count - preemptions.Count;
        if (blocked.Count > room)
            blocked.RemoveRange(room, blocked.Count - room);
        return new SchedulingPlan(placements, blocked, nextWake, preemptions);
    }

    /// <summary>Whether the task's resources and ports fit what the agent has free now and has not promised to a preempting task.</summary>
    public bool Fits(int agent, TaskRecord task, int ports)
        => task.Resources.FitsIn(Free[agent] - Promised(agent)) && FreePorts[agent] >= ports;

    // The part of the room reserved for preempting tasks on the agent that their victims and
    // the tasks already stopping there do not cover: it must stay free for the rest of the
    // round. Were a lower-priority task to take it, the preempting task would still not fit
    // once the victims ended, and every round would preempt again without ever placing it.
    private Resources Promised(int agent)
    {
        if (!reservedOn.TryGetValue(agent, out var reserved))
            return Resources.Zero;
        var uncovered = reserved - StoppingOn(agent);
        return new Resources(Math.Max(0, uncovered.CpuMillis), Math.Max(0, uncovered.MemoryMb), Math.Max(0, uncovered.DiskMb));
    }

    /// <summary>
    /// How well the agent would be balanced after taking the task: 1 when its memory use
    /// matches its CPU use in the proportion the whole demand has (<see cref="DemandMix"/>),
    /// less as one resource runs ahead of the other. Candidates are already the fullest
    /// agents, so this picks, among tight fits, the one that leaves no resource stranded:
    /// an agent full of memory-heavy tasks with idle CPU is where a CPU-heavy task belongs.
    /// Fullness breaks ties.
    /// </summary>
    public double BinpackScore(int agent, TaskRecord task)
    {
        var total = Agents[agent].Total;
        var after = Free[agent] - task.Resources;
        var cpuUsed = 1 - ((double)after.CpuMillis / Math.Max(1, total.CpuMillis));
        var memoryUsed = 1 - ((double)after.MemoryMb / Math.Max(1, total.MemoryMb));
        return 1 - Math.Abs((cpuUsed * DemandMix) - memoryUsed) + (FullnessWeight * (cpuUsed + memoryUsed) / 2);
    }

    private static double FullnessOf(Resources total, Resources free)
        => ((1 - ((double)free.CpuMillis / Math.Max(1, total.CpuMillis))) + (1 - ((double)free.MemoryMb / Math.Max(1, total.MemoryMb)))) / 2;

    // Pending tasks that may be placed now, by job (current version only: older pending
    // tasks are being replaced), plus when the earliest waiting one becomes placeable.
    private List<JobGroup> CollectGroups(out long? nextWake)
    {
        nextWake = null;
        var byJob = new Dictionary<string, JobGroup>(StringComparer.Ordinal);
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

            if (!byJob.TryGetValue(task.JobId, out var group))
            {
                if (fleet.Jobs.Get(task.JobId) is not { Stopped: false } job)
                    continue;
                byJob[task.JobId] = group = new JobGroup(this, job);
            }

            if (task.JobVersion == group.Job.Version)
                group.Tasks.Add(task);
        }

        var groups = byJob.Values.Where(g => g.Tasks.Count > 0).ToList();
        foreach (var group in groups)
            group.Tasks.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return groups;
    }

    // Agents that cannot take even the smallest pending task are left out of every scan.
    private void OrderAgents(List<JobGroup> groups)
    {
        var smallest = new Resources(long.MaxValue, long.MaxValue, long.MaxValue);
        foreach (var group in groups)
        {
            var need = group.Tasks[0].Resources;
            smallest = new Resources(Math.Min(smallest.CpuMillis, need.CpuMillis), Math.Min(smallest.MemoryMb, need.MemoryMb), Math.Min(smallest.DiskMb, need.DiskMb));
        }

        SmallestNeed = smallest;
        var demand = Resources.Zero;
        foreach (var group in groups)
            demand += new Resources(group.Tasks[0].Resources.CpuMillis * group.Tasks.Count, group.Tasks[0].Resources.MemoryMb * group.Tasks.Count);
        foreach (var held in fleet.Tasks.AllocatedByRole.Values)
            demand += held;
        var cpuShare = (double)demand.CpuMillis / Math.Max(1, Capacity.CpuMillis);
        var memoryShare = (double)demand.MemoryMb / Math.Max(1, Capacity.MemoryMb);
        DemandMix = cpuShare <= 0 ? 1 : Math.Clamp(memoryShare / cpuShare, 0.05, 20);
        var order = new List<int>(Agents.Length);
        for (var i = 0; i < Agents.Length; i++)
        {
            Useless[i] = !smallest.FitsIn(Free[i]);
            if (Agents[i].IsEligible && !Useless[i])
                order.Add(i);
        }

        var keyed = order.Select(i => (-Fullness[i], i)).ToArray();
        Array.Sort(keyed);
        Order = [.. keyed.Select(k => k.i)];
    }

    private Resources SmallestNeed { get; set; }

    // One priority level: roles take turns, the one with the smallest weighted dominant share
    // first. False once the round's placement budget is spent.
    private bool RunLevel(IEnumerable<JobGroup> level)
    {
        var queues = new SortedDictionary<string, Queue<JobGroup>>(StringComparer.Ordinal);
        foreach (var roleGroups in level.GroupBy(g => g.Role))
        {
            queues[roleGroups.Key] = new Queue<JobGroup>(roleGroups
                .OrderByDescending(g => DominantShare(g.Tasks[0].Resources))
                .ThenBy(g => g.Job.CreatedIndex)
                .ThenBy(g => g.Job.Id, StringComparer.Ordinal));
        }

        var turns = new PriorityQueue<string, (double Share, string Role)>(ShareOrder.Instance);
        foreach (var role in queues.Keys)
            turns.Enqueue(role, (WeightedShare(role), role));

        while (turns.TryDequeue(out var role, out _))
        {
            var queue = queues[role];
            var group = queue.Peek();
            if (placements.Count >= placementsMax)
                return false;
            if (!PlaceNext(group))
                queue.Dequeue();
            else if (group.IsDone)
                queue.Dequeue();
            if (queue.Count > 0)
                turns.Enqueue(role, (WeightedShare(role), role));
        }

        return true;
    }

    // Places the group's next task. False when the group can place nothing more this round
    // (its remaining tasks are then marked with the reason).
    private bool PlaceNext(JobGroup group)
    {
        var task = group.Current;
        var role = fleet.Roles.Get(task.Role);
        if (!role.Allows(roleHeld.GetValueOrDefault(task.Role) + task.Resources))
        {
            var held = roleHeld.GetValueOrDefault(task.Role);
            BlockRest(group, string.Create(CultureInfo.InvariantCulture,
                $"role {task.Role} is at its quota: holds {held.CpuMillis} mCPU, {held.MemoryMb} MB of {Quota(role.CpuMillisMax)} mCPU, {Quota(role.MemoryMbMax)} MB"));
            return false;
        }

        var agent = IsDominatedByAFailure(group, task) ? -1 : group.Pick(task);
        if (agent < 0)
        {
            RememberFailure(group, task);
            var reason = Explain(group, task);
            if (group.IsPinned)
            {
                // Pinned tasks (system jobs) each want a different agent: only this one is stuck.
                Block(task, reason);
                group.Advance();
                return !group.IsDone;
            }

            BlockRest(group, reason, tryPreemption: true);
            return false;
        }

        Commit(group, task, agent);
        group.Advance();
        return true;
    }

    private static string Quota(long? amount) => amount?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";

    private void Commit(JobGroup group, TaskRecord task, int agent)
    {
        Free[agent] -= task.Resources;
        var ports = TakePorts(agent, group.PortCount);
        FreePorts[agent] -= ports.Count;
        if (!SmallestNeed.FitsIn(Free[agent]))
            Useless[agent] = true;
        roleHeld[task.Role] = roleHeld.GetValueOrDefault(task.Role) + task.Resources;
        group.Placed(agent);
        placements.Add(new TaskPlacement(task.Id, Agents[agent].Id, ports.Count == 0 ? null : ports));
    }

    // The lowest free ports of the agent's range, not held and not handed out this round.
    private List<int> TakePorts(int agent, int count)
    {
        var ports = new List<int>(count);
        if (count == 0)
            return ports;
        var record = Agents[agent];
        var held = fleet.Tasks.PortsOn(record.Id);
        var taken = TakenPorts[agent] ??= [];
        for (var port = record.PortsMin; port <= record.PortsMax && ports.Count < count; port++)
        {
            if (!held.Contains(port) && !taken.Contains(port))
                ports.Add(port);
        }

        Invariant.Holds(ports.Count == count, "an agent counted as having free ports has them");
        taken.AddRange(ports);
        return ports;
    }

    private void Block(TaskRecord task, string reason)
    {
        if (task.Reason != reason)
            blocked.Add(new TaskBlocked(task.Id, reason));
    }

    // The group's remaining tasks are all the same shape: if one fits nowhere, none does.
    // Before giving up, a task of higher priority may preempt lower-priority ones.
    private void BlockRest(JobGroup group, string reason, bool tryPreemption = false)
    {
        for (var i = group.Next; i < group.Tasks.Count; i++)
        {
            var task = group.Tasks[i];
            var waiting = tryPreemption ? Preempt(group, task) : null;
            tryPreemption &= waiting is not null;
            Block(task, waiting ?? reason);
        }
    }

    // Why the task fits on no agent, counted by the first check each agent fails.
    // A shape that fit nowhere earlier in the round: agents only fill up, so anything at
    // least as big, with the same constraints, fits nowhere either and needs no scan.
    private bool IsDominatedByAFailure(JobGroup group, TaskRecord task)
    {
        if (task.PinnedAgent is not null || !failedShapes.TryGetValue(group.ConstraintKey, out var failed))
            return false;
        foreach (var (need, ports) in failed)
        {
            if (need.FitsIn(task.Resources) && ports <= group.PortCount)
                return true;
        }

        return false;
    }

    private void RememberFailure(JobGroup group, TaskRecord task)
    {
        // Distinct-hosts and pinned failures are particular to the job or the task.
        if (task.PinnedAgent is not null || group.DistinctHosts)
            return;
        if (!failedShapes.TryGetValue(group.ConstraintKey, out var failed))
            failedShapes[group.ConstraintKey] = failed = [];
        if (failed.Count < 64)
            failed.Add((task.Resources, group.PortCount));
    }

    // Explanations are per shape: every job of one shape and constraint set gets the same one.
    private string Explain(JobGroup group, TaskRecord task)
    {
        var key = (group.ConstraintKey, task.Resources, group.PortCount, group.DistinctHosts ? group.Job.Id : null, task.PinnedAgent);
        if (!explanations.TryGetValue(key, out var reason))
            explanations[key] = reason = ExplainNow(group, task);
        return reason;
    }

    private string ExplainNow(JobGroup group, TaskRecord task)
    {
        var counts = new FilterCounts();
        var spec = group.Job.Spec;
        for (var i = 0; i < Agents.Length; i++)
        {
            var agent = Agents[i];
            var free = Free[i];
            var need = task.Resources;
            counts.Add(
                agent.Status != AgentStatus.Ready ? "lost"
                : agent.Draining ? "draining"
                : task.PinnedAgent is not null && task.PinnedAgent != agent.Id ? "not the pinned agent"
                : Constraints.FirstUnmet(spec.Constraints, agent.Attributes) is { } unmet ? $"by constraint {unmet}"
                : group.DistinctHosts && group.HasTaskOn(i) ? "by distinct_hosts (a task of this job is there)"
                : need.MemoryMb > free.MemoryMb ? "short of memory"
                : need.CpuMillis > free.CpuMillis ? "short of CPU"
                : need.DiskMb > free.DiskMb ? "short of disk"
                : FreePorts[i] < group.PortCount ? "short of ports"
                : "passed over this round");
        }

        return counts.Describe();
    }

    // Looks for room for a task by stopping tasks of strictly lower priority, on the agent
    // where that costs least (lowest victim priority, then fewest victims, then least
    // preempted). Tasks already stopping there count as room. The text for the task when
    // room is being made; null when there is none to make.
    private string? Preempt(JobGroup group, TaskRecord task)
    {
        if (preemptionSearches >= Scheduler.PreemptionSearchesMax || preemptions.Count >= PreemptionsMax || task.Priority <= noVictimsAtOrBelow
            || (task.PinnedAgent is not null && !IndexOf.ContainsKey(task.PinnedAgent)))
            return null;
        preemptionSearches++;
        var anyLower = false;
        var spec = group.Job.Spec;
        var feasible = FeasibleFor(spec, group.ConstraintKey);
        (int Agent, List<TaskRecord> Victims, (int, int, long) Cost)? best = null;
        for (var i = 0; i < Agents.Length; i++)
        {
            if (task.PinnedAgent is not null && Agents[i].Id != task.PinnedAgent)
                continue;
            if (!Agents[i].IsEligible || !feasible[i] || FreePorts[i] < group.PortCount || (group.DistinctHosts && group.HasTaskOn(i)))
                continue;
            var room = Free[i] + StoppingOn(i) - reservedOn.GetValueOrDefault(i);
            var victims = new List<TaskRecord>();
            if (!task.Resources.FitsIn(room))
            {
                foreach (var victim in VictimsOn(i))
                {
                    if (victim.Priority >= task.Priority)
                        break;
                    anyLower = true;
                    if (preempted.Contains(victim.Id))
                        continue;
                    victims.Add(victim);
                    room += victim.Resources;
                    if (task.Resources.FitsIn(room))
                        break;
                }

                if (!task.Resources.FitsIn(room))
                    continue;
            }

            var cost = (victims.Count == 0 ? -1 : victims.Max(v => v.Priority), victims.Count, victims.Sum(v => v.Resources.CpuMillis + v.Resources.MemoryMb));
            if (best is null || cost.CompareTo(best.Value.Cost) < 0)
                best = (i, victims, cost);
            if (victims.Count == 0)
                break;
        }

        if (!anyLower && best is null && task.PinnedAgent is null)
            noVictimsAtOrBelow = Math.Max(noVictimsAtOrBelow, task.Priority);
        if (best is not { } chosen)
            return null;
        reservedOn[chosen.Agent] = reservedOn.GetValueOrDefault(chosen.Agent) + task.Resources;
        var agentId = Agents[chosen.Agent].Id;
        if (chosen.Victims.Count == 0)
            return $"waiting for tasks stopping on agent {agentId}";
        foreach (var victim in chosen.Victims)
        {
            preempted.Add(victim.Id);
            preemptions.Add(new TaskPreemption(victim.Id, task.Id));
            stoppingOn[chosen.Agent] = StoppingOn(chosen.Agent) + victim.Resources;
        }

        return string.Create(CultureInfo.InvariantCulture, $"preempting {chosen.Victims.Count} lower-priority task{(chosen.Victims.Count == 1 ? "" : "s")} on agent {agentId}");
    }

    // The agent's running tasks in the order they would be preempted: lowest priority first,
    // then the largest (fewest victims), computed once per round.
    private List<TaskRecord> VictimsOn(int agent)
    {
        if (!victimsOn.TryGetValue(agent, out var victims))
        {
            victims = [.. fleet.Tasks.OnAgent(Agents[agent].Id).Where(t => t.IsWanted)
                .OrderBy(t => t.Priority).ThenByDescending(t => t.Resources.MemoryMb + t.Resources.CpuMillis).ThenBy(t => t.Id, StringComparer.Ordinal)];
            victimsOn[agent] = victims;
        }

        return victims;
    }

    // What tasks asked to stop still hold on the agent (free once their agent reports them ended).
    private Resources StoppingOn(int agent)
    {
        if (stoppingOn.TryGetValue(agent, out var stopping))
            return stopping;
        stopping = Resources.Zero;
        foreach (var task in fleet.Tasks.OnAgent(Agents[agent].Id))
        {
            if (task.Desired == DesiredState.Stop)
                stopping += task.Resources;
        }

        stoppingOn[agent] = stopping;
        return stopping;
    }

    private double DominantShare(Resources amount)
        => Math.Max(
            Math.Max((double)amount.CpuMillis / Math.Max(1, Capacity.CpuMillis), (double)amount.MemoryMb / Math.Max(1, Capacity.MemoryMb)),
            Capacity.DiskMb > 0 ? (double)amount.DiskMb / Capacity.DiskMb : 0);

    private double WeightedShare(string role) => DominantShare(roleHeld.GetValueOrDefault(role)) / fleet.Roles.Get(role).Weight;

    /// <summary>Agents that meet a constraint set, computed once per distinct set per round.</summary>
    public bool[] FeasibleFor(JobSpec spec, string key)
    {
        if (feasibleByConstraints.TryGetValue(key, out var feasible))
            return feasible;
        feasible = new bool[Agents.Length];
        for (var i = 0; i < Agents.Length; i++)
            feasible[i] = Constraints.FirstUnmet(spec.Constraints, Agents[i].Attributes) is null;
        feasibleByConstraints[key] = feasible;
        return feasible;
    }

    private sealed class ShareOrder : IComparer<(double Share, string Role)>
    {
        public static readonly ShareOrder Instance = new();

        public int Compare((double Share, string Role) x, (double Share, string Role) y)
        {
            var byShare = x.Share.CompareTo(y.Share);
            return byShare != 0 ? byShare : string.CompareOrdinal(x.Role, y.Role);
        }
    }
}
