using Raftos.Core.Scheduling;
using Raftos.Core.Tasks;
using Raftos.Master.Leadership;
using Raftos.Master.Raft;

namespace Raftos.Master.Metrics;

/// <summary>
/// Sets the fleet gauges (agents by status, tasks by state, jobs, pending tasks, capacity)
/// at scrape time, from one read of the applied state. Only the leader hears heartbeats, so
/// only the leader reports suspect agents; a follower shows ready, draining and lost.
/// </summary>
internal sealed class FleetMetricsCollector(RaftNode node, AgentLiveness liveness)
{
    private const double BytesPerMb = 1024 * 1024;

    /// <summary>Reads the state into the gauges; called before each scrape.</summary>
    public void Collect()
    {
        if (node.Cluster is null)
            return; // not started: no state to read yet
        var figures = node.Read(FleetFigures.Of);
        CollectAgents(figures);
        foreach (var state in Enum.GetValues<TaskState>())
            RaftosMetrics.Tasks.WithLabels(state.Name()).Set(figures.TasksByState[(int)state]);
        RaftosMetrics.Jobs.Set(figures.Jobs);
        RaftosMetrics.PendingTasks.Set(figures.PendingTasks);
        RaftosMetrics.ClusterCpuMillis.WithLabels("total").Set(figures.Total.CpuMillis);
        RaftosMetrics.ClusterCpuMillis.WithLabels("allocated").Set(figures.Allocated.CpuMillis);
        RaftosMetrics.ClusterMemoryBytes.WithLabels("total").Set(figures.Total.MemoryMb * BytesPerMb);
        RaftosMetrics.ClusterMemoryBytes.WithLabels("allocated").Set(figures.Allocated.MemoryMb * BytesPerMb);
    }

    // Each agent counts once: lost, else suspect, else draining, else ready.
    private void CollectAgents(FleetFigures figures)
    {
        var leading = node.IsLeader;
        int ready = 0, suspect = 0, draining = 0;
        foreach (var (id, isDraining) in figures.LiveAgents)
        {
            if (leading && liveness.Of(id).Health != AgentHealth.Alive)
                suspect++;
            else if (isDraining)
                draining++;
            else
                ready++;
        }

        RaftosMetrics.Agents.WithLabels("ready").Set(ready);
        RaftosMetrics.Agents.WithLabels("draining").Set(draining);
        RaftosMetrics.Agents.WithLabels("lost").Set(figures.LostAgents);
        if (leading)
            RaftosMetrics.Agents.WithLabels("suspect").Set(suspect);
        else
            RaftosMetrics.Agents.WithLabels("suspect").Unpublish();
    }
}
