using System.Globalization;
using Raftos.Core.Agents;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// What must hold of agents, jobs and tasks after every applied entry, computed from the
/// records themselves and compared with the stores' indexes.
/// </summary>
internal static class FleetInvariants
{
    /// <summary>Fails with every violation, prefixed by <paramref name="context"/> (seed and step).</summary>
    public static void Check(ClusterState state, string context)
    {
        var violations = Violations(state);
        if (violations.Count > 0)
            Assert.Fail($"{context}: {violations.Count} violation(s):\n  " + string.Join("\n  ", violations.Take(20)));
    }

    public static List<string> Violations(ClusterState state)
    {
        var fleet = state.Fleet;
        var tasks = fleet.Tasks.All.ToList();
        var errors = new List<string>();

        CheckTasks(state, tasks, errors);
        CheckAgents(state, tasks, errors);
        CheckJobs(fleet, tasks, errors);
        CheckPlacementRules(fleet, tasks, errors);
        CheckAssignments(tasks, errors);
        return errors;
    }

    // An assignment is (task, agent, epoch); reports are accepted only under it. No task may
    // run on two agents under one epoch, and no slot may have two live assignments: with two,
    // the same work would run twice and both agents' reports would be believed.
    private static void CheckAssignments(List<TaskRecord> tasks, List<string> errors)
    {
        var live = new Dictionary<(string Job, string Slot), string>();
        var byEpoch = new Dictionary<(string Job, string Slot, long Epoch), TaskRecord>();
        foreach (var task in tasks)
        {
            if (!task.State.HoldsResources())
                continue;
            if (!byEpoch.TryAdd((task.JobId, task.Slot, task.Epoch), task))
            {
                var other = byEpoch[(task.JobId, task.Slot, task.Epoch)];
                errors.Add($"job {task.JobId} slot {task.Slot} runs under epoch {task.Epoch} twice: {other.Id} on {other.AgentId} and {task.Id} on {task.AgentId}");
            }

            if (task.IsWanted && !live.TryAdd((task.JobId, task.Slot), task.Id))
                errors.Add($"job {task.JobId} slot {task.Slot} has two live assignments: {live[(task.JobId, task.Slot)]} and {task.Id} on {task.AgentId}");
        }
    }

    private static void CheckTasks(ClusterState state, List<TaskRecord> tasks, List<string> errors)
    {
        var fleet = state.Fleet;
        foreach (var task in tasks)
        {
            if (fleet.Jobs.Get(task.JobId) is not { } job)
            {
                errors.Add($"task {task.Id} belongs to no job");
                continue;
            }

            if (!IsIdOf(task) || task.Sequence >= fleet.Tasks.NextSequence)
                errors.Add($"task {task.Id} has sequence {task.Sequence} (next {fleet.Tasks.NextSequence})");
            if (task.JobVersion < 1 || task.JobVersion > job.Version)
                errors.Add($"task {task.Id} runs version {task.JobVersion} of a job at version {job.Version}");
            if (task.History.Count == 0 || task.History.Count > Limits.TaskHistoryMax || task.History[^1].State != task.State)
                errors.Add($"task {task.Id} history does not end in its state {task.State}");
            if (task.State == TaskState.Pending && (task.AgentId is not null || task.Epoch != 0 || task.Desired != DesiredState.Run))
                errors.Add($"pending task {task.Id} is assigned to {task.AgentId} epoch {task.Epoch} or not wanted");
            if (task.State != TaskState.Pending && (task.AgentId is null) != (task.State == TaskState.Killed && task.Epoch == 0))
                errors.Add($"task {task.Id} in state {task.State} has agent '{task.AgentId}' and epoch {task.Epoch}");
            if (task.AgentId is not null && (task.Epoch <= 0 || task.Epoch > state.AppliedIndex))
                errors.Add($"task {task.Id} on {task.AgentId} has epoch {task.Epoch} (applied {state.AppliedIndex})");
            if (task.PinnedAgent is not null && task.AgentId is not null && task.AgentId != task.PinnedAgent)
                errors.Add($"task {task.Id} pinned to {task.PinnedAgent} is on {task.AgentId}");
            if (task.State.HoldsResources())
            {
                var agent = task.AgentId is null ? null : fleet.Agents.Get(task.AgentId);
                if (agent is null)
                    errors.Add($"task {task.Id} holds resources on unknown agent {task.AgentId}");
                else if (agent.Status == AgentStatus.Lost)
                    errors.Add($"task {task.Id} holds resources on lost agent {agent.Id}");
                else if (agent.TasksChangedIndex < task.Epoch)
                    errors.Add($"agent {agent.Id} was not told of task {task.Id} (tasks changed at {agent.TasksChangedIndex}, assigned at {task.Epoch})");
            }
        }

        var pending = tasks.Where(t => t.State == TaskState.Pending).Select(t => t.Id).ToList();
        if (!pending.SequenceEqual(fleet.Tasks.PendingIds))
            errors.Add($"pending index [{string.Join(",", fleet.Tasks.PendingIds)}] is not [{string.Join(",", pending)}]");
    }

    // Whether the id is "job.slot.sequence", compared in place: this runs for every task after
    // every step of every seed, and building the expected string dominated the check.
    private static bool IsIdOf(TaskRecord task)
    {
        var id = task.Id.AsSpan();
        Span<char> sequence = stackalloc char[20];
        if (!task.Sequence.TryFormat(sequence, out var written, provider: CultureInfo.InvariantCulture))
            return false;
        return id.Length == task.JobId.Length + task.Slot.Length + written + 2
               && id.StartsWith(task.JobId, StringComparison.Ordinal)
               && id[task.JobId.Length] == '.'
               && id.Slice(task.JobId.Length + 1, task.Slot.Length).SequenceEqual(task.Slot)
               && id[task.JobId.Length + 1 + task.Slot.Length] == '.'
               && id[^written..].SequenceEqual(sequence[..written]);
    }

    private static void CheckAgents(ClusterState state, List<TaskRecord> tasks, List<string> errors)
    {
        var fleet = state.Fleet;
        var holding = tasks.Where(t => t.State.HoldsResources()).ToList();
        foreach (var agentId in holding.Select(t => t.AgentId!).Distinct().Where(id => fleet.Agents.Get(id) is null))
            errors.Add($"unknown agent {agentId} is indexed with tasks {string.Join(",", fleet.Tasks.OnAgent(agentId).Select(t => t.Id))}");

        var indexed = fleet.Agents.All.SelectMany(a => fleet.Tasks.OnAgent(a.Id).Select(t => (Task: t.Id, Agent: a.Id))).ToList();
        foreach (var twice in indexed.GroupBy(p => p.Task).Where(g => g.Count() > 1))
            errors.Add($"task {twice.Key} is indexed on agents {string.Join(",", twice.Select(p => p.Agent))}");

        foreach (var agent in fleet.Agents.All)
        {
            var held = holding.Where(t => t.AgentId == agent.Id).ToList();
            var sum = held.Aggregate(Resources.Zero, (total, t) => total + t.Resources);
            if (!held.Select(t => t.Id).SequenceEqual(fleet.Tasks.OnAgent(agent.Id).Select(t => t.Id)) || fleet.Tasks.CountOnAgent(agent.Id) != held.Count)
                errors.Add($"agent {agent.Id} index holds [{string.Join(",", fleet.Tasks.OnAgent(agent.Id).Select(t => t.Id))}], tasks say [{string.Join(",", held.Select(t => t.Id))}]");
            if (fleet.Tasks.AllocatedOn(agent.Id) != sum)
                errors.Add($"agent {agent.Id} allocation {fleet.Tasks.AllocatedOn(agent.Id)} is not the sum of its tasks {sum}");
            if (!sum.FitsIn(agent.Total))
                errors.Add($"agent {agent.Id} is over-committed: {sum} of {agent.Total}");
            if (agent.Status == AgentStatus.Lost && held.Count > 0)
                errors.Add($"lost agent {agent.Id} holds tasks");
            if (agent.Epoch <= 0 || agent.Epoch > state.AppliedIndex || agent.TasksChangedIndex > state.AppliedIndex || agent.TasksChangedIndex < agent.Epoch)
                errors.Add($"agent {agent.Id} has epoch {agent.Epoch}, tasks changed at {agent.TasksChangedIndex}, applied {state.AppliedIndex}");
        }
    }

    // What a placement must respect, recomputed from the tasks alone: the role index, ports
    // inside the agent's range and never shared, distinct_hosts among a version's tasks.
    private static void CheckPlacementRules(Fleet fleet, List<TaskRecord> tasks, List<string> errors)
    {
        var holding = tasks.Where(t => t.State.HoldsResources()).ToList();
        foreach (var role in holding.GroupBy(t => t.Role))
        {
            var sum = role.Aggregate(Resources.Zero, (s, t) => s + t.Resources);
            if (fleet.Tasks.AllocatedToRole(role.Key) != sum)
                errors.Add($"role {role.Key} index says {fleet.Tasks.AllocatedToRole(role.Key)}, its tasks hold {sum}");
        }

        if (fleet.Tasks.AllocatedByRole.Keys.Except(holding.Select(t => t.Role)).Any())
            errors.Add("the role index lists a role that holds nothing");

        foreach (var onAgent in holding.GroupBy(t => t.AgentId!))
        {
            var agent = fleet.Agents.Get(onAgent.Key)!;
            var ports = onAgent.SelectMany(t => t.Ports.Values).ToList();
            if (ports.Count != ports.Distinct().Count())
                errors.Add($"agent {agent.Id} hands one port to two tasks: {string.Join(",", ports.Order())}");
            if (ports.Any(p => p < agent.PortsMin || p > agent.PortsMax))
                errors.Add($"agent {agent.Id} hands out a port outside {agent.PortsMin}-{agent.PortsMax}");
            if (!fleet.Tasks.PortsOn(agent.Id).SetEquals(ports))
                errors.Add($"agent {agent.Id} port index differs from its tasks' ports");
            foreach (var sameVersion in onAgent.GroupBy(t => (t.JobId, t.JobVersion)).Where(g => g.Count() > 1))
            {
                if (fleet.Jobs.Get(sameVersion.Key.JobId) is { } job && job.Version == sameVersion.Key.JobVersion && job.Spec.DistinctHosts
                    && sameVersion.Count(t => t.IsWanted) > 1)
                    errors.Add($"job {job.Id} asks for distinct hosts but has {sameVersion.Count()} tasks on agent {agent.Id}");
            }
        }

        foreach (var task in holding)
        {
            if (fleet.Jobs.Get(task.JobId) is { } job && job.Version == task.JobVersion && task.Ports.Count != job.Spec.Task.Ports.Count)
                errors.Add($"task {task.Id} holds {task.Ports.Count} ports, its spec names {job.Spec.Task.Ports.Count}");
        }
    }

    /// <summary>The slots a job should cover, computed without the fleet's own code.</summary>
    public static SortedSet<string> ExpectedSlots(Fleet fleet, JobRecord job)
    {
        if (job.Stopped)
            return new SortedSet<string>(StringComparer.Ordinal);
        if (job.Spec.Type == JobType.System)
        {
            return new SortedSet<string>(
                fleet.Agents.All.Where(a => a.IsEligible && job.Spec.Constraints.All(c => Constraints.IsMet(c, a.Attributes))).Select(a => a.Id),
                StringComparer.Ordinal);
        }

        return new SortedSet<string>(Enumerable.Range(0, job.Spec.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal);
    }

    // Written with plain loops: it runs after every step of every seed and was the costliest check.
    private static void CheckJobs(Fleet fleet, List<TaskRecord> tasks, List<string> errors)
    {
        var byJob = new Dictionary<string, List<TaskRecord>>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (!byJob.TryGetValue(task.JobId, out var list))
                byJob[task.JobId] = list = [];
            list.Add(task);
        }

        var bySlot = new Dictionary<string, List<TaskRecord>>(StringComparer.Ordinal);
        foreach (var job in fleet.Jobs.All)
        {
            var own = byJob.GetValueOrDefault(job.Id) ?? [];
            var listed = 0;
            foreach (var indexed in fleet.Tasks.OfJob(job.Id))
            {
                if (listed >= own.Count || own[listed].Id != indexed.Id)
                {
                    listed = -1;
                    break;
                }

                listed++;
            }

            if (listed != own.Count)
                errors.Add($"job {job.Id} index does not list its tasks");

            var slots = ExpectedSlots(fleet, job);
            bySlot.Clear();
            foreach (var task in own)
            {
                if (!bySlot.TryGetValue(task.Slot, out var list))
                    bySlot[task.Slot] = list = [];
                list.Add(task);
                if (!task.IsWanted)
                    continue;
                if (job.Stopped)
                    errors.Add($"stopped job {job.Id} still wants task {task.Id}");
                else if (task.JobVersion != job.Version && task.State != TaskState.Running)
                    errors.Add($"task {task.Id} of version {task.JobVersion} is wanted but not running, job {job.Id} is at version {job.Version} (only running tasks wait for their turn in a rolling update)");
                else if (!slots.Contains(task.Slot))
                    errors.Add($"task {task.Id} is wanted for slot {task.Slot}, not a slot of job {job.Id} [{string.Join(",", slots)}]");
            }

            foreach (var (slot, inSlot) in bySlot)
            {
                var wantedHere = 0;
                var latest = inSlot[0];
                foreach (var task in inSlot)
                {
                    wantedHere += task.IsWanted ? 1 : 0;
                    if (task.Sequence > latest.Sequence)
                        latest = task;
                }

                if (wantedHere > 1)
                    errors.Add($"job {job.Id} slot {slot} has {wantedHere} wanted tasks: {string.Join(",", inSlot.Where(t => t.IsWanted).Select(t => t.Id))}");
                if (fleet.Tasks.LatestOfSlot(job.Id, slot)?.Id != latest.Id)
                    errors.Add($"job {job.Id} slot {slot}: latest index says {fleet.Tasks.LatestOfSlot(job.Id, slot)?.Id}, newest is {latest.Id}");
                foreach (var ended in inSlot)
                {
                    if (ended.State.IsTerminal() && ended.Id != latest.Id && ended.Id != latest.Replaces)
                        errors.Add($"job {job.Id} slot {slot} keeps ended task {ended.Id} that is neither the newest ({latest.Id}) nor the one it replaced ({latest.Replaces})");
                }
            }

            // Services and system jobs always want one task per slot; batch slots may be done.
            if (!job.Stopped && job.Spec.Type != JobType.Batch)
            {
                foreach (var slot in slots)
                {
                    if (!bySlot.TryGetValue(slot, out var inSlot) || !inSlot.Exists(t => t.IsWanted))
                        errors.Add($"{job.Spec.Type} job {job.Id} slot {slot} has no wanted task");
                }
            }
        }
    }
}
