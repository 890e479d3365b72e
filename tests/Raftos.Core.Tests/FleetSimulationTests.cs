using System.Globalization;
using System.Runtime.ExceptionServices;
using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;
using Xunit.Sdk;

namespace Raftos.Core.Tests;

/// <summary>
/// Seeded simulation: many random fleet histories (agents joining, dying, coming back and
/// draining; leader changes; jobs submitted, updated and stopped; honest, stale and odd
/// reports), with the invariants checked after every entry; then a quiet phase (every agent
/// healthy, the scheduler run to a fixed point, every placed task reported running and every
/// task asked to stop reported killed) after which every service job runs its count unless no
/// agent has room for what is left.
/// </summary>
/// <remarks>
/// Seeds 0..999 by default, in chunks that xunit runs in parallel. A failure names its seed
/// and step and the command that replays exactly that seed: <c>RAFTOS_SIM_SEED=N</c> (or
/// <c>RAFTOS_SIM_SEEDS=A..B</c>) replaces the default seeds; <c>scripts/simulate.sh</c> wraps it.
/// </remarks>
public sealed class FleetSimulationTests
{
    private const int Steps = 300;
    private const int SeedsPerChunk = 20;
    private const int DefaultSeeds = 1000;

    /// <summary>Inclusive seed ranges, one theory case each: the default seeds, or those the environment names.</summary>
    public static TheoryData<int, int> SeedRanges
    {
        get
        {
            var (first, last) = SimulationSeeds.FromEnvironment() ?? (0, DefaultSeeds - 1);
            var data = new TheoryData<int, int>();
            for (var from = first; from <= last; from += SeedsPerChunk)
                data.Add(from, Math.Min(last, from + SeedsPerChunk - 1));
            return data;
        }
    }

    /// <summary>A few seeds run twice, or the seeds the environment names.</summary>
    public static TheoryData<int> ReplaySeeds
    {
        get
        {
            var data = new TheoryData<int>();
            if (SimulationSeeds.FromEnvironment() is var (first, last))
            {
                for (var seed = first; seed <= Math.Min(last, first + 9); seed++)
                    data.Add(seed);
            }
            else
            {
                data.Add(0);
                data.Add(17);
                data.Add(DefaultSeeds - 1);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SeedRanges))]
    public void Fleet_invariants_hold_after_every_step_and_service_jobs_run_their_count_once_quiet(int first, int last)
    {
        // Seeds are independent (each has its own generator and state), so they run on every
        // core: xunit runs the cases of one test class one after another, and this class is the
        // longest in the project. The lowest failing seed is reported, whatever finished first.
        var outcomes = new (int Full, int Services)[last - first + 1];
        var failures = new Exception?[outcomes.Length];
        Parallel.For(0, outcomes.Length, i =>
        {
            try
            {
                outcomes[i] = Simulate(first + i);
            }
            catch (XunitException e)
            {
                failures[i] = e;
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
            ExceptionDispatchInfo.Throw(failure);
        var (full, services) = (outcomes.Sum(o => o.Full), outcomes.Sum(o => o.Services));

        // Not vacuous: most service jobs end at their full count (the rest have tasks no agent
        // can take). Only a whole chunk says "most"; one replayed seed may be unlucky.
        if (last - first + 1 >= SeedsPerChunk)
            Assert.True(full * 10 >= services * 6, $"seeds {first}..{last}: only {full} of {services} service jobs ended at their count");
    }

    [Theory]
    [MemberData(nameof(ReplaySeeds))]
    public void Simulating_the_same_seed_twice_gives_byte_identical_snapshots_after_every_step(int seed)
    {
        var once = new List<byte[]>();
        var twice = new List<byte[]>();

        Simulate(seed, state => once.Add(Snapshots.Bytes(state)));
        Simulate(seed, state => twice.Add(Snapshots.Bytes(state)));

        Assert.True(once.Count > Steps, $"seed {seed}: only {once.Count} snapshots");
        Assert.Equal(once.Count, twice.Count);
        for (var i = 0; i < once.Count; i++)
            Same.Bytes(once[i], twice[i], $"seed {seed}, snapshot {i}");
    }

    [Fact]
    public void A_simulation_failure_names_its_seed_step_and_replay_command()
    {
        var failure = Assert.Throws<XunitException>(() => Run(4242, _ => throw new InvalidOperationException("boom")));

        Assert.Contains("seed 4242, step 0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("boom", failure.Message, StringComparison.Ordinal);
        Assert.Contains(SimulationSeeds.ReplayCommand(4242), failure.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs one seed: <see cref="Steps"/> generated entries then the quiet phase, checking
    /// everything after every entry and handing each state to <paramref name="observe"/>.
    /// Any failure is rethrown naming the seed, the step and how to replay it.
    /// </summary>
    internal static (int Full, int Services) Simulate(int seed, Action<ClusterState>? observe = null)
        => Run(seed, observe ?? (_ => { }));

    private static (int Full, int Services) Run(int seed, Action<ClusterState> observe)
    {
        var where = "before step 0";
        try
        {
            var generator = new FleetLogGenerator(seed);
            var history = new FleetHistory();
            var lastNow = 0L;
            for (var step = 0; step < Steps; step++)
            {
                where = string.Create(CultureInfo.InvariantCulture, $"step {step}");
                var entry = generator.Next();
                where = string.Create(CultureInfo.InvariantCulture, $"step {step} (index {entry.Index})");
                observe(generator.State);
                FleetInvariants.Check(generator.State, where);
                history.Check(generator.State, where);
                CheckLeader(generator, where);
                CheckResults(entry, generator.LastResults, generator.State, where);
                Assert.True(generator.State.Now >= lastNow, $"{where}: cluster time went back from {lastNow} to {generator.State.Now}");
                lastNow = generator.State.Now;
            }

            where = "quiet phase";
            return Quiesce(generator, history, observe);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new XunitException(
                $"seed {seed}, {where}: {e.Message}\n  replay: {SimulationSeeds.ReplayCommand(seed)}\n  (or: scripts/simulate.sh --seed {seed})",
                e);
        }
    }

    /// <summary>
    /// The leader's failure detector against the generator's own record of what the leader
    /// heard: health follows the silence, nothing is declared lost before its silence (and the
    /// grace period after a takeover) reaches the lost timeout, and nothing that reached it is
    /// left undeclared, since the detector runs before anything else in an entry.
    /// </summary>
    private static void CheckLeader(FleetLogGenerator generator, string context)
    {
        var state = generator.State;
        foreach (var id in generator.LastVerdicts)
        {
            Assert.True(generator.SilenceOf(id) >= FleetLogGenerator.LostAfterMs, $"{context}: agent {id} declared lost after {generator.SilenceOf(id)} ms of silence");
            Assert.True(generator.Now - generator.LeaderSince >= FleetLogGenerator.LostAfterMs, $"{context}: agent {id} declared lost {generator.Now - generator.LeaderSince} ms into a leadership (grace {FleetLogGenerator.LostAfterMs} ms)");
            Assert.True(state.Fleet.Agents.Get(id)?.Status == AgentStatus.Lost, $"{context}: the verdict on agent {id} was not applied");
        }

        foreach (var agent in state.Fleet.Agents.All)
        {
            var silence = generator.SilenceOf(agent.Id);
            var expected = silence >= FleetLogGenerator.LostAfterMs ? AgentHealth.Lost : silence >= FleetLogGenerator.SuspectAfterMs ? AgentHealth.Suspect : AgentHealth.Alive;
            var health = generator.Detector.HealthOf(agent.Id, generator.Now);
            Assert.True(health == expected, $"{context}: agent {agent.Id} silent for {silence} ms is {health}, not {expected}");
            Assert.False(agent.Status == AgentStatus.Ready && health == AgentHealth.Lost, $"{context}: ready agent {agent.Id} silent for {silence} ms was not declared lost");
        }
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
    private static (int Full, int Services) Quiesce(FleetLogGenerator generator, FleetHistory history, Action<ClusterState> observe)
    {
        var state = generator.State;
        const string context = "quiet phase";
        void Check(string when)
        {
            observe(state);
            FleetInvariants.Check(state, when);
            history.Check(state, when);
        }

        var healing = generator.Healing();
        if (healing.Length > 0)
            generator.Append(1000, healing);
        Check(context + " after healing");
        Assert.All(state.Fleet.Agents.All, a => Assert.True(a.IsEligible, $"{context}: agent {a.Id} not healed"));

        var settled = false;
        var unsettled = string.Empty;
        for (var round = 0; round < 100 && !settled; round++)
        {
            var advance = FleetLogGenerator.RestartDelayMax + 1;
            var plan = Scheduler.Plan(state, generator.Now + advance);
            unsettled = $"placements [{string.Join(",", plan.Placements.Select(p => $"{p.TaskId}->{p.AgentId}"))}], preemptions [{string.Join(",", plan.Preemptions.Select(p => $"{p.VictimId} for {p.ForTaskId}"))}], wake at {plan.NextWakeAt} (cluster time {state.Now})";
            generator.Append(advance, plan.ToCommand(generator.NewId()));
            Check($"{context}, round {round} placement");

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
                Check($"{context}, round {round} reports");
            }

            settled = plan.Placements.Count == 0 && plan.Preemptions.Count == 0 && reports.Count == 0 && plan.NextWakeAt is null;
        }

        Assert.True(settled, $"{context}: the fleet did not settle in 100 rounds; the last plan had {unsettled}");
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
