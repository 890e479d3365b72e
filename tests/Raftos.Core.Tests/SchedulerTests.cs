using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// <see cref="Scheduler.Plan"/> is a pure function of the state and the time: it never
/// over-commits an agent, places higher priorities first, ranks agents by the job's strategy,
/// honours constraints and backoff, and says why a task fits nowhere.
/// </summary>
public sealed class SchedulerTests
{
    private static Dictionary<string, int> CountByAgent(SchedulingPlan plan)
        => plan.Placements.GroupBy(p => p.AgentId).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public void No_agents_means_every_task_is_blocked_with_no_agents_registered()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web", 2));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Empty(plan.Placements);
        Assert.Equal(2, plan.Blocked.Count);
        Assert.All(plan.Blocked, b => Assert.Equal("no agents registered", b.Reason));
        Assert.Null(plan.NextWakeAt);
    }

    [Fact]
    public void An_empty_cluster_plans_nothing()
    {
        var plan = Scheduler.Plan(new ClusterState(), 0);

        Assert.True(plan.IsEmpty);
        Assert.Null(plan.NextWakeAt);
    }

    [Fact]
    public void An_unplaceable_task_gets_a_reason_counting_why_each_agent_was_filtered()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 4000, memory: 512, rack: "r2");
        replica.Register("a2", cpu: 4000, memory: 512, rack: "r2");
        replica.Register("a3", cpu: 4000, memory: 8192, rack: "r1");
        replica.Submit(Specs.Service("web", memory: 1024).WithConstraints(Specs.Where("rack", "=", "r2")));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Empty(plan.Placements);
        Assert.Equal("no agent can take it: 3 agents filtered: 2 short of memory, 1 by constraint rack = r2", plan.Blocked.Single().Reason);
    }

    [Fact]
    public void The_blocked_reason_counts_agents_short_of_cpu_draining_and_lost()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 100);
        replica.Register("a2");
        var lost = replica.Register("a3");
        replica.Register("a4");
        replica.Apply(FleetCmd.Drain("a2"));
        replica.Apply(FleetCmd.Lost("a3", lost));
        replica.Register("a5", cpu: 4000, memory: 100);
        replica.Submit(Specs.Service("web", cpu: 500, memory: 256));
        replica.Apply(FleetCmd.Drain("a4"));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal("no agent can take it: 5 agents filtered: 2 draining, 1 lost, 1 short of CPU, 1 short of memory", plan.Blocked.Single().Reason);
    }

    [Fact]
    public void A_blocked_reason_already_recorded_is_not_repeated()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web"));
        replica.Apply(FleetCmd.Place(Scheduler.Plan(replica.State, replica.Now)));
        Assert.Equal("no agents registered", replica.Wanted("web").Single().Reason);

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_plan_never_over_commits_an_agent_counting_existing_allocations()
    {
        var replica = FleetReplica.WithAgents(["a1", "a2"], cpu: 1000, memory: 1000);
        replica.Submit(Specs.Service("big", 1, cpu: 700, memory: 100));
        replica.Settle();
        replica.Submit(Specs.Service("web", 10, cpu: 300, memory: 300));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        foreach (var agent in replica.Fleet().Agents.All)
        {
            var planned = plan.Placements.Where(p => p.AgentId == agent.Id).Aggregate(Resources.Zero, (sum, p) => sum + replica.Task(p.TaskId).Resources);
            Assert.True((replica.Fleet().Tasks.AllocatedOn(agent.Id) + planned).FitsIn(agent.Total), $"{agent.Id} over-committed");
        }

        Assert.Equal(4, plan.Placements.Count);
        Assert.Equal(6, plan.Blocked.Count);
    }

    [Fact]
    public void Higher_priority_tasks_are_placed_first_when_capacity_is_short()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 1000);
        replica.Submit(Specs.Service("low", 2, cpu: 400, priority: 10));
        replica.Submit(Specs.Service("high", 2, cpu: 400, priority: 90));
        replica.Submit(Specs.Service("mid", 1, cpu: 200, priority: 50));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(["high.0.3", "high.1.4", "mid.0.5"], plan.Placements.Select(p => p.TaskId));
        Assert.Equal(["low.0.1", "low.1.2"], plan.Blocked.Select(b => b.TaskId));
    }

    [Fact]
    public void Equal_priorities_are_placed_in_creation_order()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 1000);
        replica.Submit(Specs.Service("b", 2, cpu: 400));
        replica.Submit(Specs.Service("a", 2, cpu: 400));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(["b.0.1", "b.1.2"], plan.Placements.Select(p => p.TaskId));
    }

    [Fact]
    public void Binpack_fills_one_agent_before_the_next()
    {
        // Six jobs of one task: job anti-affinity does not apply, packing alone decides.
        var replica = FleetReplica.WithAgents(["a1", "a2", "a3"], cpu: 2000, memory: 2048);
        foreach (var i in Enumerable.Range(1, 6))
            replica.Submit(Specs.Service($"web{i}", 1, cpu: 500, memory: 512));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(new Dictionary<string, int> { ["a1"] = 4, ["a2"] = 2 }, CountByAgent(plan));
    }

    [Fact]
    public void Binpack_prefers_the_agent_already_fullest()
    {
        var replica = FleetReplica.WithAgents(["a1", "a2"], cpu: 2000, memory: 2048);
        replica.Submit(Specs.Service("db", 1, cpu: 1000, memory: 1024));
        replica.Apply(FleetCmd.Place((replica.Wanted("db")[0].Id, "a2")));
        replica.Submit(Specs.Service("web", 1, cpu: 500, memory: 512));
        replica.Submit(Specs.Service("api", 1, cpu: 500, memory: 512));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(new Dictionary<string, int> { ["a2"] = 2 }, CountByAgent(plan));
    }

    [Fact]
    public void Spread_spreads_a_jobs_tasks_across_agents()
    {
        var replica = FleetReplica.WithAgents("a1", "a2", "a3");
        replica.Submit(Specs.Service("web", 6) with { Strategy = PlacementStrategy.Spread });

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(new Dictionary<string, int> { ["a1"] = 2, ["a2"] = 2, ["a3"] = 2 }, CountByAgent(plan));
    }

    [Fact]
    public void Spread_counts_the_jobs_tasks_already_running()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        var spread = Specs.Service("web", 2) with { Strategy = PlacementStrategy.Spread };
        replica.Submit(spread);
        replica.Apply(FleetCmd.Place([.. replica.Wanted("web").Select(t => (t.Id, "a1"))]));

        replica.Submit(spread with { Count = 4 });
        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(new Dictionary<string, int> { ["a2"] = 2 }, CountByAgent(plan));
    }

    [Fact]
    public void Spread_prefers_the_emptier_agent_among_equals()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.Service("other", 1, cpu: 2000));
        replica.Apply(FleetCmd.Place((replica.Wanted("other")[0].Id, "a1")));
        replica.Submit(Specs.Service("web", 1) with { Strategy = PlacementStrategy.Spread });

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal("a2", plan.Placements.Single().AgentId);
    }

    public static TheoryData<string, string, string, string[]> ConstraintCases => new()
    {
        { "rack", "=", "r2", ["b"] },
        { "rack", "!=", "r2", ["a", "c", "d"] },
        { "rack", "regexp", "^r[13]$", ["a", "c"] },
        { "features", "set_contains", "ssd,gpu", ["c"] },
        { "features", "set_contains", "ssd", ["a", "c"] },
    };

    [Theory]
    [MemberData(nameof(ConstraintCases))]
    public void Constraints_are_honoured(string attribute, string op, string value, string[] allowed)
    {
        var replica = FleetReplica.New();
        replica.Apply(FleetCmd.Agent("a", new(4000, 8192), new Dictionary<string, string> { ["rack"] = "r1", ["features"] = "ssd" }));
        replica.Apply(FleetCmd.Agent("b", new(4000, 8192), new Dictionary<string, string> { ["rack"] = "r2", ["features"] = "gpu" }));
        replica.Apply(FleetCmd.Agent("c", new(4000, 8192), new Dictionary<string, string> { ["rack"] = "r3", ["features"] = "gpu, ssd,nvme" }));
        replica.Apply(FleetCmd.Agent("d", new(4000, 8192), new Dictionary<string, string>()));
        replica.Submit(Specs.Service("web", 8, cpu: 100, memory: 64).WithConstraints(Specs.Where(attribute, op, value)) with { Strategy = PlacementStrategy.Spread });

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(8, plan.Placements.Count);
        Assert.Equal(allowed, plan.Placements.Select(p => p.AgentId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Tasks_in_restart_backoff_are_skipped_and_the_earliest_wake_time_is_reported()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var running = replica.InState("web", TaskState.Running);
        replica.Report(running[0].Id, TaskState.Failed, 1);
        replica.Advance(300);
        replica.Report(running[1].Id, TaskState.Failed, 1);
        var first = replica.Now - 300 + 1000;

        var early = Scheduler.Plan(replica.State, replica.Now);
        var later = Scheduler.Plan(replica.State, first);
        var both = Scheduler.Plan(replica.State, first + 300);

        Assert.True(early.IsEmpty);
        Assert.Equal(first, early.NextWakeAt);
        Assert.Single(later.Placements);
        Assert.Equal(first + 300, later.NextWakeAt);
        Assert.Equal(2, both.Placements.Count);
        Assert.Null(both.NextWakeAt);
    }

    [Fact]
    public void A_pinned_task_is_planned_onto_its_agent_only()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Register("a2", cpu: 50);
        replica.Submit(Specs.System("logs"));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(("logs.a1.1", "a1"), plan.Placements.Select(p => (p.TaskId, p.AgentId)).Single());
        Assert.Equal("no agent can take it: 2 agents filtered: 1 not the pinned agent, 1 short of CPU", plan.Blocked.Single().Reason);
    }

    [Fact]
    public void A_round_places_at_most_the_maximum_asked()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 5, cpu: 10, memory: 10));

        var plan = Scheduler.Plan(replica.State, replica.Now, placementsMax: 3);

        Assert.Equal(3, plan.Placements.Count);
    }

    [Fact]
    public void The_same_state_and_time_always_give_the_same_plan()
    {
        var replica = FleetReplica.New();
        for (var i = 0; i < 6; i++)
            replica.Register($"a{i}", cpu: 1000 + (i * 300), memory: 2048, rack: $"r{i % 3}");
        replica.Submit(Specs.Service("web", 7, cpu: 300, memory: 300) with { Strategy = PlacementStrategy.Spread });
        replica.Submit(Specs.Service("db", 3, cpu: 900, memory: 900, priority: 80));
        replica.Submit(Specs.Service("edge", 4, cpu: 200, memory: 200).WithConstraints(Specs.Where("rack", "!=", "r1")));
        replica.Submit(Specs.System("logs"));

        var once = Scheduler.Plan(replica.State, replica.Now);
        var twice = Scheduler.Plan(replica.State, replica.Now);
        var restored = Scheduler.Plan(Snapshots.Restore(replica.SnapshotBytes()), replica.Now);

        Assert.Equal(once.Placements, twice.Placements);
        Assert.Equal(once.Blocked, twice.Blocked);
        Assert.Equal(once.Placements, restored.Placements);
        Assert.Equal(once.Blocked, restored.Blocked);
        Assert.Equal(once.NextWakeAt, restored.NextWakeAt);
        Assert.NotEmpty(once.Placements);
    }

    [Fact]
    public void Applying_a_fresh_plan_places_every_task_it_names()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 2000, memory: 2048);
        replica.Register("a2", cpu: 3000, memory: 1024);
        replica.Submit(Specs.Service("web", 9, cpu: 400, memory: 300));
        var plan = Scheduler.Plan(replica.State, replica.Now);

        var result = replica.Apply(FleetCmd.Place(plan));

        Assert.Equal(plan.Placements.Select(p => p.TaskId), result.Ids);
    }

    [Fact]
    public void An_agent_that_registers_again_with_less_than_it_holds_takes_no_more_tasks()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 4000);
        replica.Submit(Specs.Service("big", 3, cpu: 1000));
        replica.Settle();
        replica.Register("a1", cpu: 1000);
        replica.Submit(Specs.Service("small", 1, cpu: 10, memory: 10));

        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Empty(plan.Placements);
        Assert.Equal("no agent can take it: 1 agent filtered: 1 short of CPU", plan.Blocked.Single().Reason);
        Assert.Empty(replica.Apply(FleetCmd.Place((replica.Wanted("small")[0].Id, "a1"))).Ids);
    }
}
