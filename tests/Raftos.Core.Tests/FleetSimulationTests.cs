using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// Seeded simulation: many random fleet histories, with the invariants checked after every
/// entry; then a quiet phase (every agent healthy, the scheduler run to a fixed point, every
/// placed task reported running and every task asked to stop reported killed) after which
/// every service job runs its count unless no agent has room for what is left.
/// </summary>
public sealed class FleetSimulationTests
{
    private const int Steps = 300;
    private const int SeedsPerChunk = 20;

    /// <summary>Chunks of <see cref="SeedsPerChunk"/> seeds: 200 seeds in all.</summary>
    public static TheoryData<int> Chunks => [.. Enumerable.Range(0, 10)];

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Fleet_invariants_hold_after_every_step_and_service_jobs_run_their_count_once_quiet(int chunk)
    {
        var (full, services) = (0, 0);
        for (var seed = chunk * SeedsPerChunk; seed < (chunk + 1) * SeedsPerChunk; seed++)
        {
            var generator = new FleetLogGenerator(seed);
            var lastNow = 0L;
            for (var step = 0; step < Steps; step++)
            {
                var entry = generator.Next();
                var context = $"seed {seed}, step {step} (index {entry.Index})";
                FleetInvariants.Check(generator.State, context);
                CheckResults(entry, generator.LastResults, generator.State, context);
                Assert.True(generator.State.Now >= lastNow, $"{context}: cluster time went back from {lastNow} to {generator.State.Now}");
                lastNow = generator.State.Now;
            }

            var (seedFull, seedServices) = Quiesce(generator, seed);
            full += seedFull;
            services += seedServices;
        }

        // Not vacuous: most service jobs end at their full count (the rest have tasks no agent can take).
        Assert.True(full * 10 >= services * 6, $"seeds {chunk * SeedsPerChunk}..{((chunk + 1) * SeedsPerChunk) - 1}: only {full} of {services} service jobs ended at their count");
    }

    /// <summary>Answers name only what was asked about: placed ids were placed now, fenced ids were reported.</summary>
    private static void CheckResults(LogEntry entry, IReadOnlyList<CommandResult> results, Raftos.Core.State.ClusterState state, string context)
    {
        for (var i = 0; i < results.Count; i++)
        {
            var (command, result) = (entry.Batch.Commands[i], results[i]);
            if (result.IsDuplicate || !result.Applied)
                continue;
            if (command is PlaceTasks place)
            {
                Assert.True(result.Ids.Distinct().Count() == result.Ids.Count, $"{context}: a task was placed twice in one round");
                foreach (var id in result.Ids)
                {
                    Assert.True(place.Placements.Any(p => p?.TaskId == id), $"{context}: placed {id}, which the round did not name");
                    var task = state.Fleet.Tasks.Get(id);
                    Assert.True(task is null || task.Epoch == entry.Index, $"{context}: placed {id} has epoch {task?.Epoch}, not {entry.Index}");
                }
            }
            else if (command is ReportTaskStates report)
            {
                foreach (var id in result.Ids)
                    Assert.True(report.Updates.Any(u => u.TaskId == id && !u.State.IsTerminal()), $"{context}: fenced {id}, which the report did not name as live");
            }
        }
    }

    /// <summary>Runs the quiet phase and checks its outcome; counts the service jobs running their full count, of all running service jobs.</summary>
    private static (int Full, int Services) Quiesce(FleetLogGenerator generator, int seed)
    {
        var state = generator.State;
        var context = $"seed {seed}, quiet phase";
        var healing = generator.Healing();
        if (healing.Length > 0)
            generator.Append(1000, healing);
        FleetInvariants.Check(state, context + " after healing");
        Assert.All(state.Fleet.Agents.All, a => Assert.True(a.IsEligible, $"{context}: agent {a.Id} not healed"));

        var settled = false;
        for (var round = 0; round < 100 && !settled; round++)
        {
            var advance = FleetLogGenerator.RestartDelayMax + 1;
            var plan = Scheduler.Plan(state, generator.Now + advance);
            generator.Append(advance, plan.ToCommand(generator.NewId()));
            FleetInvariants.Check(state, $"{context}, round {round} placement");

            var reports = new List<Command>();
            foreach (var agent in state.Fleet.Agents.All.Where(a => a.Status == AgentStatus.Ready))
            {
                var updates = state.Fleet.Tasks.OnAgent(agent.Id)
                    .Where(t => t.Desired == DesiredState.Stop || t.State != TaskState.Running)
                    .Select(t => FleetCmd.Update(t.Id, t.Epoch, t.Desired == DesiredState.Stop ? TaskState.Killed : TaskState.Running))
                    .ToArray();
                if (updates.Length > 0)
                    reports.Add(new ReportTaskStates { RequestId = generator.NewId(), AgentId = agent.Id, AgentEpoch = agent.Epoch, Updates = updates });
            }

            if (reports.Count > 0)
            {
                generator.Append(0, [.. reports]);
                FleetInvariants.Check(state, $"{context}, round {round} reports");
            }

            settled = plan.Placements.Count == 0 && plan.Preemptions.Count == 0 && reports.Count == 0 && plan.NextWakeAt is null;
        }

        Assert.True(settled, $"{context}: the fleet did not settle in 100 rounds");
        return CheckQuiet(generator, context);
    }

    private static (int Full, int Services) CheckQuiet(FleetLogGenerator generator, string context)
    {
        var state = generator.State;
        var fleet = state.Fleet;
        FleetInvariants.Check(state, context + " at the end");
        foreach (var task in fleet.Tasks.All.Where(t => t.State.HoldsResources()))
        {
            Assert.True(task.State == TaskState.Running, $"{context}: task {task.Id} still {task.State}");
            Assert.True(task.Desired == DesiredState.Run, $"{context}: task {task.Id} asked to stop still holds resources");
        }

        Assert.Empty(Scheduler.Plan(state, state.Now).Placements);

        // The scheduler's fixed point, checked independently: no pending task fits anywhere.
        foreach (var task in fleet.Tasks.PendingIds.Select(id => fleet.Tasks.Get(id)!))
        {
            Assert.True(task.NotBefore <= state.Now, $"{context}: task {task.Id} still in backoff");
            var spec = fleet.Jobs.Get(task.JobId)!.Spec;
            foreach (var agent in fleet.Agents.All.Where(a => a.IsEligible && (task.PinnedAgent is null || task.PinnedAgent == a.Id)))
            {
                var fits = task.Resources.FitsIn(agent.Total - fleet.Tasks.AllocatedOn(agent.Id))
                           && spec.Constraints.All(c => Constraints.IsMet(c, agent.Attributes))
                           && agent.PortCount - fleet.Tasks.PortsOn(agent.Id).Count >= spec.Task.Ports.Count
                           && fleet.Roles.Get(task.Role).Allows(fleet.Tasks.AllocatedToRole(task.Role) + task.Resources)
                           && !(spec.DistinctHosts && fleet.Tasks.OnAgent(agent.Id).Any(t => t.JobId == task.JobId));
                Assert.False(fits, $"{context}: pending task {task.Id} fits on agent {agent.Id}, yet the scheduler left it ({task.Reason})");
            }

            Assert.True(task.Reason.StartsWith("no agent can take it", StringComparison.Ordinal) || task.Reason.StartsWith("role ", StringComparison.Ordinal), task.Reason);
        }

        var (full, services) = (0, 0);
        foreach (var job in fleet.Jobs.All.Where(j => !j.Stopped))
        {
            var wanted = fleet.Tasks.OfJob(job.Id).Where(t => t.IsWanted).ToList();
            var running = wanted.Count(t => t.State == TaskState.Running);
            var pending = wanted.Count(t => t.State == TaskState.Pending);
            Assert.True(running + pending == wanted.Count, $"{context}: job {job.Id} has wanted tasks neither running nor pending");
            if (job.Spec.Type == JobType.Service)
            {
                Assert.True(wanted.Count == job.Spec.Count, $"{context}: service {job.Id} wants {wanted.Count} tasks, not {job.Spec.Count}");
                services++;
                full += running == job.Spec.Count ? 1 : 0;
            }
            else if (job.Spec.Type == JobType.System)
            {
                Assert.Equal(FleetInvariants.ExpectedSlots(fleet, job), new SortedSet<string>(wanted.Select(t => t.Slot), StringComparer.Ordinal));
            }
        }

        return (full, services);
    }
}
