using Raftos.Core.Agents;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Master.Metrics;

/// <summary>
/// What the fleet gauges show, taken from the applied state in one pass under its lock.
/// Suspicion is not in the state: <see cref="LiveAgents"/> lets the leader add it afterwards.
/// </summary>
/// <param name="LiveAgents">Agents not lost, with whether each is draining.</param>
/// <param name="LostAgents">Agents declared lost.</param>
/// <param name="TasksByState">Tasks kept, indexed by <see cref="TaskState"/>.</param>
/// <param name="Jobs">Jobs not stopped.</param>
/// <param name="PendingTasks">Tasks waiting for the scheduler.</param>
/// <param name="Total">What the agents not lost offer.</param>
/// <param name="Allocated">What tasks hold.</param>
internal sealed record FleetFigures(
    IReadOnlyList<(string Id, bool Draining)> LiveAgents,
    int LostAgents,
    IReadOnlyList<int> TasksByState,
    int Jobs,
    int PendingTasks,
    Resources Total,
    Resources Allocated)
{
    /// <summary>Counts the figures of <paramref name="state"/>; call under the state's lock.</summary>
    public static FleetFigures Of(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var fleet = state.Fleet;
        var live = new List<(string, bool)>(fleet.Agents.Count);
        var lost = 0;
        var total = Resources.Zero;
        foreach (var agent in fleet.Agents.All)
        {
            if (agent.Status == AgentStatus.Lost)
            {
                lost++;
                continue;
            }

            live.Add((agent.Id, agent.Draining));
            total += agent.Total;
        }

        var tasks = new int[Enum.GetValues<TaskState>().Max(s => (int)s) + 1];
        foreach (var task in fleet.Tasks.All)
            tasks[(int)task.State]++;

        var allocated = Resources.Zero;
        foreach (var held in fleet.Tasks.AllocatedByRole.Values)
            allocated += held;

        return new FleetFigures(live, lost, tasks, fleet.Jobs.All.Count(j => !j.Stopped), fleet.Tasks.PendingIds.Count, total, allocated);
    }
}
