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
            job.Id, JobStatus(job, tasks), job.Version, Time(job.SubmittedAt), Time(job.UpdatedAt), counts, job.Spec,
            withTasks ? [.. tasks.OrderBy(t => t.Sequence).Select(Task)] : null);
    }

    public static TaskView Task(TaskRecord task) => new(
        task.Id, task.JobId, task.JobVersion, task.Slot, task.State.Name(), task.Desired == DesiredState.Run ? "run" : "stop",
        task.AgentId, task.Epoch, ResourceAmounts.From(task.Resources), task.ExitCode, task.Reason,
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
