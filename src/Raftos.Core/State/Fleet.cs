using System.Globalization;
using MessagePack;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Roles;
using Raftos.Core.Scheduling;
using Raftos.Core.Tasks;

namespace Raftos.Core.State;

/// <summary>
/// Agents, jobs and their tasks, and the rules that tie them together. Every command that
/// touches them ends by reconciling the jobs it affected: each slot of a job gets exactly
/// one wanted task, created pending (with restart backoff) when its previous one ended;
/// tasks no longer wanted are stopped. The scheduler only ever assigns pending tasks.
/// </summary>
public sealed class Fleet
{
    /// <summary>Agents.</summary>
    public AgentRegistry Agents { get; } = new();

    /// <summary>Jobs.</summary>
    public JobStore Jobs { get; } = new();

    /// <summary>Tasks.</summary>
    public TaskStore Tasks { get; } = new();

    /// <summary>Configured roles (weights and quotas).</summary>
    public RoleStore Roles { get; } = new();

    /// <summary>
    /// Log index of the latest change that could alter a scheduling decision: agents, jobs,
    /// roles, tasks created, placed, asked to stop or ended. Tasks merely starting or running
    /// leave it alone, so the leader re-plans only when there is something new to plan. Not
    /// replicated: a restored state starts at its applied index.
    /// </summary>
    public long PlacementInputsIndex { get; private set; }

    private void Touch(long index) => PlacementInputsIndex = index;

    internal CommandResult Register(RegisterAgent command, long index, long now)
    {
        Touch(index);
        var current = Agents.Get(command.AgentId);
        if (current is null && Agents.Count >= Limits.AgentsMax)
            return CommandResult.Rejected(index, Rejection.Conflict($"the cluster holds at most {Limits.AgentsMax} agents"));

        var returning = current?.Status == AgentStatus.Lost;
        Agents.Put(new AgentRecord
        {
            Id = command.AgentId,
            Address = command.Address,
            Total = command.Total,
            Attributes = new SortedDictionary<string, string>(command.Attributes.ToDictionary(), StringComparer.Ordinal),
            Status = AgentStatus.Ready,
            Draining = current?.Draining ?? false,
            Epoch = index,
            RegisteredAt = current?.RegisteredAt ?? now,
            StatusChangedAt = current is null || returning ? now : current.StatusChangedAt,
            StatusReason = current is null ? "registered" : returning ? "registered again after being lost" : current.StatusReason,
            TasksChangedIndex = index,
            PortsMin = command.PortsMin,
            PortsMax = command.PortsMax,
        });
        ReconcileSystemJobs(index, now);
        return CommandResult.Ok(index, revision: index);
    }

    internal CommandResult MarkLost(MarkAgentLost command, long index, long now)
    {
        Touch(index);
        var agent = Agents.Get(command.AgentId);
        if (agent is null)
            return CommandResult.Rejected(index, Rejection.NotFound($"agent '{command.AgentId}' does not exist"));
        if (agent.Epoch != command.Epoch)
            return CommandResult.Rejected(index, Rejection.Conflict($"agent '{command.AgentId}' registered again (epoch {agent.Epoch}, not {command.Epoch})"));
        if (agent.Status == AgentStatus.Lost)
            return CommandResult.Ok(index);

        Agents.Put(agent with { Status = AgentStatus.Lost, StatusChangedAt = now, StatusReason = command.Reason, TasksChangedIndex = index });
        var reason = $"agent {agent.Id} lost: {command.Reason}";
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var task in Tasks.OnAgent(agent.Id).ToList())
        {
            Save(Transition(task, TaskState.Lost, reason, index, now), index);
            affected.Add(task.JobId);
        }

        ReconcileAll(affected, index, now);
        ReconcileSystemJobs(index, now);
        return CommandResult.Ok(index);
    }

    internal CommandResult SetDrain(SetAgentDrain command, long index, long now)
    {
        Touch(index);
        var agent = Agents.Get(command.AgentId);
        if (agent is null)
            return CommandResult.Rejected(index, Rejection.NotFound($"agent '{command.AgentId}' does not exist"));
        if (agent.Draining == command.Draining)
            return CommandResult.Ok(index);

        Agents.Put(agent with { Draining = command.Draining, TasksChangedIndex = index });
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        if (command.Draining)
        {
            foreach (var task in Tasks.OnAgent(agent.Id).Where(t => t.Desired == DesiredState.Run).ToList())
            {
                Save(StopWanted(task, $"agent {agent.Id} is draining", index, now), index);
                affected.Add(task.JobId);
            }
        }

        ReconcileAll(affected, index, now);
        ReconcileSystemJobs(index, now);
        return CommandResult.Ok(index);
    }

    internal CommandResult Submit(SubmitJob command, long index, long now)
    {
        Touch(index);
        var spec = command.Spec;
        var current = Jobs.Get(spec.Id);
        if (current is null && Jobs.Count >= Limits.JobsMax)
            return CommandResult.Rejected(index, Rejection.Conflict($"the cluster holds at most {Limits.JobsMax} jobs"));

        JobRecord job;
        if (current is null)
        {
            job = new JobRecord { Spec = spec, Version = 1, SubmittedAt = now, UpdatedAt = now, UpdatedIndex = index, CreatedIndex = index };
        }
        else if (!current.Stopped && SameBytes(current.Spec, spec))
        {
            return CommandResult.Ok(index, revision: current.Version);
        }
        else
        {
            // A changed count alone scales the running version; anything else is a new version
            // whose tasks replace the old ones.
            var scaleOnly = !current.Stopped && SameBytes(current.Spec with { Count = spec.Count }, spec);
            job = current with
            {
                Spec = spec,
                Version = scaleOnly ? current.Version : current.Version + 1,
                Stopped = false,
                UpdatedAt = now,
                UpdatedIndex = index,
            };
        }

        Jobs.Put(job);
        Reconcile(job, index, now);
        return CommandResult.Ok(index, revision: job.Version);
    }

    internal CommandResult Stop(StopJob command, long index, long now)
    {
        Touch(index);
        var job = Jobs.Get(command.JobId);
        if (job is null)
            return CommandResult.Rejected(index, Rejection.NotFound($"job '{command.JobId}' does not exist"));
        if (!job.Stopped)
        {
            job = job with { Stopped = true, UpdatedAt = now, UpdatedIndex = index };
            Jobs.Put(job);
            Reconcile(job, index, now);
        }

        return CommandResult.Ok(index, revision: job.Version);
    }

    internal CommandResult Place(PlaceTasks command, long index, long now)
    {
        var placed = new List<string>();
        foreach (var placement in command.Placements)
        {
            // Malformed entries are skipped like null ones: apply must never throw.
            if (placement?.TaskId is null || placement.AgentId is null)
                continue;
            var task = Tasks.Get(placement.TaskId);
            var agent = Agents.Get(placement.AgentId);
            if (task is not { State: TaskState.Pending, Desired: DesiredState.Run } || task.NotBefore > now
                || agent is not { IsEligible: true }
                || (task.PinnedAgent is not null && task.PinnedAgent != agent.Id)
                || !task.Resources.FitsIn(agent.Total - Tasks.AllocatedOn(agent.Id))
                || !Roles.Get(task.Role).Allows(Tasks.AllocatedToRole(task.Role) + task.Resources)
                || Jobs.Get(task.JobId) is not { } job
                || Constraints.FirstUnmet(job.Spec.Constraints, agent.Attributes) is not null
                || (job.Spec.DistinctHosts && Tasks.OnAgent(agent.Id).Any(t => t.JobId == job.Id))
                || PortsFor(job.Spec.Task, agent, placement.Ports) is not { } ports)
                continue;

            var assigned = Transition(task, TaskState.Assigned, $"placed on agent {agent.Id}", index, now) with
            {
                AgentId = agent.Id,
                Epoch = index,
                Ports = ports,
            };
            Save(assigned, index);
            placed.Add(task.Id);
        }

        foreach (var blocked in command.Blocked)
        {
            if (blocked?.TaskId is not null && blocked.Reason is not null
                && Tasks.Get(blocked.TaskId) is { State: TaskState.Pending } task && task.Reason != blocked.Reason)
                Tasks.Put(task with { Reason = blocked.Reason });
        }

        Preempt(command.Preemptions, index, now);
        return CommandResult.Ok(index, placed);
    }

    // A victim is stopped only for a pending task of strictly higher priority; its job makes
    // a replacement at once, which waits for room like any pending task.
    private void Preempt(IReadOnlyList<TaskPreemption> preemptions, long index, long now)
    {
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var preemption in preemptions)
        {
            if (preemption?.VictimId is null || preemption.ForTaskId is null)
                continue;
            if (Tasks.Get(preemption.VictimId) is not { } victim || !victim.IsWanted || !victim.State.HoldsResources()
                || Tasks.Get(preemption.ForTaskId) is not { State: TaskState.Pending, Desired: DesiredState.Run } winner
                || winner.Priority <= victim.Priority)
                continue;
            Save(StopWanted(victim, string.Create(CultureInfo.InvariantCulture, $"preempted by {winner.Id} (priority {winner.Priority} over {victim.Priority})"), index, now), index);
            affected.Add(victim.JobId);
        }

        ReconcileAll(affected, index, now);
    }

    // The ports a placement hands out, checked: as many as the spec names, inside the agent's
    // range, distinct, and free on the agent. Null when they are not acceptable.
    private SortedDictionary<string, int>? PortsFor(TaskSpec spec, AgentRecord agent, IReadOnlyList<int>? chosen)
    {
        var ports = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (spec.Ports.Count == 0)
            return ports;
        if (chosen is null || chosen.Count != spec.Ports.Count)
            return null;
        var held = Tasks.PortsOn(agent.Id);
        for (var i = 0; i < chosen.Count; i++)
        {
            var port = chosen[i];
            if (port < agent.PortsMin || port > agent.PortsMax || held.Contains(port) || ports.ContainsValue(port))
                return null;
            ports[spec.Ports[i]] = port;
        }

        return ports;
    }

    internal CommandResult SetRole(SetRole command, long index)
    {
        Touch(index);
        Roles.Put(new RoleRecord
        {
            Name = command.Role,
            Weight = command.Weight,
            CpuMillisMax = command.CpuMillisMax,
            MemoryMbMax = command.MemoryMbMax,
            UpdatedIndex = index,
        });
        return CommandResult.Ok(index);
    }

    internal CommandResult RemoveRole(RemoveRole command, long index)
    {
        if (!Roles.Remove(command.Role))
            return CommandResult.Rejected(index, Rejection.NotFound($"role '{command.Role}' is not configured"));
        Touch(index);
        return CommandResult.Ok(index);
    }

    internal CommandResult Report(ReportTaskStates command, long index, long now)
    {
        var agent = Agents.Get(command.AgentId);
        if (agent is null)
            return CommandResult.Rejected(index, Rejection.NotFound($"agent '{command.AgentId}' does not exist; register first"));
        if (agent.Status == AgentStatus.Lost || agent.Epoch != command.AgentEpoch)
        {
            return CommandResult.Rejected(index, Rejection.Conflict(
                $"agent '{agent.Id}' reports under epoch {command.AgentEpoch} but its registration is epoch {agent.Epoch} ({agent.Status}); register again"));
        }

        var fenced = new List<string>();
        var affected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var update in command.Updates)
        {
            var task = Tasks.Get(update.TaskId);
            if (task is null || task.AgentId != agent.Id || task.Epoch != update.Epoch)
            {
                if (!update.State.IsTerminal())
                    fenced.Add(update.TaskId);
                continue;
            }

            if (task.State.IsTerminal())
            {
                if (!update.State.IsTerminal())
                    fenced.Add(update.TaskId);
                continue;
            }

            if (update.State <= task.State)
                continue;
            // A task that ends as asked keeps saying why it was asked, unless its agent says more.
            var reason = string.IsNullOrEmpty(update.Reason) && task.Desired == DesiredState.Stop ? task.Reason : update.Reason ?? string.Empty;
            Save(Transition(task, update.State, reason, index, now) with { ExitCode = update.ExitCode ?? task.ExitCode }, index);

            // A task of a newer version coming up lets a rolling update take its next step.
            if (update.State.IsTerminal() || (update.State == TaskState.Running && task.JobVersion > 1))
                affected.Add(task.JobId);
        }

        ReconcileAll(affected, index, now);
        return CommandResult.Ok(index, fenced);
    }

    private void ReconcileAll(IEnumerable<string> jobIds, long index, long now)
    {
        foreach (var id in jobIds)
        {
            if (Jobs.Get(id) is { } job)
                Reconcile(job, index, now);
        }
    }

    private void ReconcileSystemJobs(long index, long now)
    {
        foreach (var job in Jobs.All.Where(j => j.Spec.Type == JobType.System).ToList())
            Reconcile(job, index, now);
    }

    // Brings a job's tasks in line with its spec: one wanted task per slot, of the current
    // version; everything else stopped.
    private void Reconcile(JobRecord job, long index, long now)
    {
        var tasks = Tasks.OfJob(job.Id).ToList();
        if (job.Stopped)
        {
            foreach (var task in tasks.Where(t => t.IsWanted))
                Save(StopWanted(task, "job stopped", index, now), index);
            return;
        }

        var slots = SlotsOf(job);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var older = new List<TaskRecord>();
        foreach (var task in tasks.Where(t => t.IsWanted))
        {
            if (!slots.Contains(task.Slot))
                Save(StopWanted(task, job.Spec.Type == JobType.System ? "agent no longer eligible" : "job scaled down", index, now), index);
            else if (task.JobVersion != job.Version)
                older.Add(task);
            else if (!covered.Add(task.Slot))
                Save(StopWanted(task, "slot already has a task", index, now), index);
        }

        RollOut(job, slots, covered, older, index, now);
        foreach (var slot in slots)
        {
            if (!covered.Contains(slot))
                CreateTask(job, slot, index, now);
        }
    }

    // Tasks of an older version are replaced slot by slot: one that is not running is
    // replaced at once; a running one only while fewer than maxUnavailable slots are down
    // (batch jobs are replaced all at once). The rest keep serving, covering their slot,
    // until a replacement comes up and reconciles the job again.
    private void RollOut(JobRecord job, SortedSet<string> slots, HashSet<string> covered, List<TaskRecord> older, long index, long now)
    {
        if (older.Count == 0)
            return;
        var running = new HashSet<string>(covered.Count, StringComparer.Ordinal);
        foreach (var task in Tasks.OfJob(job.Id))
        {
            if (task.IsWanted && task.State == TaskState.Running)
                running.Add(task.Slot);
        }

        var budget = job.Spec.Type == JobType.Batch ? int.MaxValue : job.Spec.MaxUnavailable - slots.Count(s => !running.Contains(s));
        var reason = $"replaced by job version {job.Version}";
        foreach (var task in older.OrderBy(t => t.Slot, StringComparer.Ordinal))
        {
            if (covered.Contains(task.Slot) || task.State != TaskState.Running)
            {
                Save(StopWanted(task, reason, index, now), index);
            }
            else if (budget > 0)
            {
                Save(StopWanted(task, reason, index, now), index);
                budget--;
            }
            else
            {
                covered.Add(task.Slot);
            }
        }
    }

    private SortedSet<string> SlotsOf(JobRecord job)
    {
        var spec = job.Spec;
        if (spec.Type != JobType.System)
        {
            var numbered = new SortedSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < spec.Count; i++)
                numbered.Add(i.ToString(CultureInfo.InvariantCulture));
            return numbered;
        }

        return new SortedSet<string>(
            Agents.All.Where(a => a.IsEligible && Constraints.FirstUnmet(spec.Constraints, a.Attributes) is null).Select(a => a.Id),
            StringComparer.Ordinal);
    }

    private void CreateTask(JobRecord job, string slot, long index, long now)
    {
        var spec = job.Spec;
        var previous = Tasks.LatestOfSlot(job.Id, slot);
        var streak = 0;
        if (previous is not null && previous.JobVersion == job.Version)
        {
            switch (previous.State)
            {
                case TaskState.Finished when spec.Type == JobType.Batch:
                    return;
                case TaskState.Finished or TaskState.Failed:
                    streak = previous.FailureStreak + 1;
                    if (spec.Type == JobType.Batch && streak > spec.Restart.Attempts)
                        return;
                    break;
            }
        }

        var delay = spec.Restart.DelayAfter(streak);
        var sequence = Tasks.TakeSequence();
        var reason = streak == 0 ? "waiting for placement" : $"restart {streak} after {previous!.State.Name()}, in {delay} ms";
        var task = new TaskRecord
        {
            Id = $"{job.Id}.{slot}.{sequence.ToString(CultureInfo.InvariantCulture)}",
            JobId = job.Id,
            JobVersion = job.Version,
            Slot = slot,
            State = TaskState.Pending,
            Resources = spec.Task.Resources,
            PinnedAgent = spec.Type == JobType.System ? slot : null,
            NotBefore = now + delay,
            FailureStreak = streak,
            Reason = reason,
            History = [new TaskTransition(TaskState.Pending, now, reason, index)],
            Sequence = sequence,
            Replaces = previous?.Id,
            Role = spec.Role,
            Priority = spec.Priority,
        };
        Tasks.Put(task);
        Touch(index);

        // Keep a slot's history short: the task just replaced stays for inspection, older
        // ended ones go.
        if (previous?.Replaces is { } older && Tasks.Get(older) is { } old && old.State.IsTerminal())
            Tasks.Remove(older);
    }

    // A pending task is simply killed; an assigned one is asked to stop and reported killed by its agent.
    private static TaskRecord StopWanted(TaskRecord task, string reason, long index, long now)
        => task.State == TaskState.Pending
            ? Transition(task, TaskState.Killed, reason, index, now) with { Desired = DesiredState.Stop }
            : task with { Desired = DesiredState.Stop, Reason = reason };

    private void Save(TaskRecord task, long index)
    {
        var before = Tasks.Get(task.Id);
        if (before is null || before.Desired != task.Desired || task.State.IsTerminal() != before.State.IsTerminal() || task.State == TaskState.Assigned)
            Touch(index);
        Tasks.Put(task);
        NotifyAgent(before, task, index);

        // A slot keeps its newest task and the one that task replaced. A task that ends only
        // after its replacement was itself replaced (it was still stopping, e.g. drained or of
        // an old version) was skipped by CreateTask while it ran: drop it now it has ended.
        if (task.State.IsTerminal() && before is { } was && !was.State.IsTerminal()
            && Tasks.LatestOfSlot(task.JobId, task.Slot) is { } latest && latest.Id != task.Id && latest.Replaces != task.Id)
            Tasks.Remove(task.Id);
    }

    private void NotifyAgent(TaskRecord? before, TaskRecord task, long index)
    {
        var agentId = task.AgentId ?? before?.AgentId;
        if (agentId is null || Agents.Get(agentId) is not { } agent)
            return;
        var agentMustLook = before is null || before.AgentId != task.AgentId || before.Desired != task.Desired
                            || before.State.IsTerminal() != task.State.IsTerminal();
        if (agentMustLook && agent.TasksChangedIndex != index)
            Agents.Put(agent with { TasksChangedIndex = index });
    }

    private static TaskRecord Transition(TaskRecord task, TaskState state, string reason, long index, long now)
    {
        var history = task.History.Count >= Limits.TaskHistoryMax ? task.History.Skip(task.History.Count - Limits.TaskHistoryMax + 1) : task.History;
        return task with { State = state, Reason = reason, History = [.. history, new TaskTransition(state, now, reason, index)] };
    }

    // Specs are compared as bytes with the environment in name order, so listing the same
    // variables in another order is not a new version.
    private static bool SameBytes(JobSpec a, JobSpec b)
        => Encode(a).AsSpan().SequenceEqual(Encode(b));

    private static byte[] Encode(JobSpec spec)
        => MessagePackSerializer.Serialize(
            spec with { Task = spec.Task with { Env = new SortedDictionary<string, string>(spec.Task.Env.ToDictionary(), StringComparer.Ordinal) } },
            RaftosSerializer.Trusted);

    internal void Restore(ClusterSnapshot snapshot)
    {
        PlacementInputsIndex = snapshot.AppliedIndex;
        Agents.Restore(snapshot.Agents);
        Jobs.Restore(snapshot.Jobs);
        Tasks.Restore(snapshot.Tasks, snapshot.NextTaskSequence);
        Roles.Restore(snapshot.Roles);
    }
}
