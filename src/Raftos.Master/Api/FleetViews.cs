using System.Globalization;
using Raftos.Core.Agents;
using Raftos.Core.Jobs;
using Raftos.Core.Protocol;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Master.Api;

/// <summary>Builds the views from the replicated state (and, for agents, the leader's heartbeat table).</summary>
internal static class FleetViews
{
    public static string Time(long unixMs)
        => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static AgentView Agent(Fleet fleet, AgentRecord agent, Master.Leadership.AgentLiveness? liveness)
    {
        string status;
        long? silence = null;
        ResourceAmounts? used = null;
        IReadOnlyList<TaskUsage> byTask = [];
        if (agent.Status == AgentStatus.Lost)
        {
            status = "lost";
        }
        else if (liveness is null)
        {
            status = "ready";
        }
        else
        {
            var (health, silenceMs, latest) = liveness.Of(agent.Id);
            status = health == AgentHealth.Alive ? "ready" : "suspect";
            silence = latest is null ? null : silenceMs;
            used = latest?.Used;
            byTask = latest?.Tasks ?? [];
        }

        return new AgentView(
            agent.Id, agent.Address, status, agent.Draining, agent.Epoch, agent.Attributes,
            new AgentResourcesView(ResourceAmounts.From(agent.Total), ResourceAmounts.From(fleet.Tasks.AllocatedOn(agent.Id)), used, byTask),
            fleet.Tasks.CountOnAgent(agent.Id), silence, agent.StatusReason, Time(agent.RegisteredAt));
    }

    public static JobView Job(Fleet fleet, JobRecord job, bool withTasks)
    {
        var tasks = fleet.Tasks.OfJob(job.Id).ToList();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var state in Enum.GetValues<TaskState>())
            counts[state.Name()] = 0;
        foreach (var task in tasks)
            counts[task.State.Name()]++;
        return new JobView(
            job.Id, JobStatus(job, tasks), job.Version, Time(job.SubmittedAt), Time(job.UpdatedAt), counts, Placement(tasks), job.Spec,
            withTasks ? [.. tasks.OrderBy(t => t.Sequence).Select(Task)] : null);
    }

    // The scheduler writes why it could not place a task on the task itself; a job sums up
    // the reasons of its waiting tasks, which share one spec and so mostly one reason.
    private static PlacementView Placement(List<TaskRecord> tasks)
    {
        var pending = tasks.Where(t => t.State == TaskState.Pending && t.Desired == DesiredState.Run).ToList();
        var reasons = pending.GroupBy(t => t.Reason, StringComparer.Ordinal)
            .Select(g => new PlacementReasonView(g.Key, g.Count()))
            .OrderByDescending(r => r.Tasks).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        return new PlacementView(pending.Count, tasks.Count(t => t.State == TaskState.Running), reasons);
    }

    /// <summary>Every configured role and every role with jobs or holding resources, in name order.</summary>
    public static List<RoleView> Roles(Fleet fleet)
    {
        var jobs = fleet.Jobs.All.Where(j => !j.Stopped).GroupBy(j => j.Spec.Role, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var names = new SortedSet<string>(fleet.Roles.All.Select(r => r.Name), StringComparer.Ordinal);
        names.UnionWith(jobs.Keys);
        names.UnionWith(fleet.Tasks.AllocatedByRole.Keys);
        var capacity = EligibleCapacity(fleet);
        return [.. names.Select(name => Role(fleet, name, jobs.GetValueOrDefault(name), capacity))];
    }

    /// <summary>The role, or null when it is neither configured nor used by a job or a task.</summary>
    public static RoleView? Role(Fleet fleet, string name)
    {
        var jobs = fleet.Jobs.All.Count(j => !j.Stopped && j.Spec.Role == name);
        if (jobs == 0 && !fleet.Roles.IsConfigured(name) && !fleet.Tasks.AllocatedByRole.ContainsKey(name))
            return null;
        return Role(fleet, name, jobs, EligibleCapacity(fleet));
    }

    private static RoleView Role(Fleet fleet, string name, int jobs, Resources capacity)
    {
        var role = fleet.Roles.Get(name);
        var held = fleet.Tasks.AllocatedToRole(name);
        var share = Math.Max((double)held.CpuMillis / Math.Max(1, capacity.CpuMillis), (double)held.MemoryMb / Math.Max(1, capacity.MemoryMb));
        return new RoleView(
            name, fleet.Roles.IsConfigured(name), role.Weight, new RoleQuota { CpuMillis = role.CpuMillisMax, MemoryMb = role.MemoryMbMax },
            ResourceAmounts.From(held), Math.Round(share, 4), jobs);
    }

    // What the agents the scheduler may place on offer: the denominator of dominant shares.
    private static Resources EligibleCapacity(Fleet fleet)
    {
        var capacity = Resources.Zero;
        foreach (var agent in fleet.Agents.All.Where(a => a.IsEligible))
            capacity += agent.Total;
        return capacity;
    }

    public static TaskView Task(TaskRecord task) => new(
        task.Id, task.JobId, task.JobVersion, task.Slot, task.State.Name(), task.Desired == DesiredState.Run ? "run" : "stop",
        task.AgentId, task.Epoch, ResourceAmounts.From(task.Resources), task.Ports, task.ExitCode, task.Reason,
        task.State == TaskState.Pending && task.NotBefore > 0 ? Time(task.NotBefore) : null,
        [.. task.History.Select(h => new TaskTransitionView(h.State.Name(), Time(h.At), h.Reason, h.Index))]);

    // stopped → "stopped" while tasks still run, "dead" once all ended; a batch job whose
    // every slot finished → "complete"; otherwise "running" when any task runs, else "pending".
    private static string JobStatus(JobRecord job, List<TaskRecord> tasks)
    {
        var live = tasks.Any(t => !t.State.IsTerminal());
        if (job.Stopped)
            return live ? "stopped" : "dead";
        if (!live && job.Spec.Type == JobType.Batch)
            return tasks.Any(t => t.JobVersion == job.Version && t.State == TaskState.Failed) ? "failed" : "complete";
        return tasks.Any(t => t.State == TaskState.Running) ? "running" : "pending";
    }
}
