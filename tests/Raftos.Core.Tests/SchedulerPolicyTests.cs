using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;
using MessagePack;

namespace Raftos.Core.Tests;

/// <summary>
/// The scheduler's policies: ports, distinct hosts, spreading over an attribute, roles with
/// quotas and fair shares, priorities with preemption, and the reasons a pending task gives.
/// </summary>
public sealed class SchedulerPolicyTests
{
    /// <summary>Seeds of the randomised policy tests.</summary>
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 10)];

    private static JobSpec WithPorts(JobSpec spec, params string[] ports) => spec with { Task = spec.Task with { Ports = ports } };

    private static Dictionary<string, int> PerAgent(Replica replica, string jobId)
        => replica.Wanted(jobId).Where(t => t.AgentId is not null).GroupBy(t => t.AgentId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    [Fact]
    public void Named_ports_are_the_lowest_free_ones_of_the_agents_range_and_never_shared()
    {
        var replica = FleetReplica.New();
        replica.Apply(FleetCmd.Agent("a1") with { PortsMin = 30000, PortsMax = 30004 });
        replica.Submit(WithPorts(Specs.Service("web", 2, cpu: 10, memory: 10), "http", "admin"));

        replica.Settle();

        var ports = replica.Wanted("web").Select(t => t.Ports).ToList();
        Assert.Equal([30000, 30001, 30002, 30003], ports.SelectMany(p => new[] { p["http"], p["admin"] }).Order());
        replica.Submit(WithPorts(Specs.Service("more", 1, cpu: 10, memory: 10), "http", "admin"));
        replica.Settle();
        var more = replica.Wanted("more").Single();
        Assert.Equal(TaskState.Pending, more.State);
        Assert.Equal("no agent can take it: 1 agent filtered: 1 short of ports", more.Reason);
    }

    [Fact]
    public void A_placement_with_a_port_already_held_is_refused_on_apply()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(WithPorts(Specs.Service("web", 2, cpu: 10, memory: 10), "http"));
        var tasks = replica.Wanted("web");

        var result = replica.Apply(new PlaceTasks
        {
            RequestId = Cmd.NewId(),
            Placements = [new TaskPlacement(tasks[0].Id, "a1", [20000]), new TaskPlacement(tasks[1].Id, "a1", [20000]), new TaskPlacement("x", "a1", [1])],
        });

        Assert.Equal([tasks[0].Id], result.Ids);
        Assert.Equal(20000, replica.Task(tasks[0].Id).Ports["http"]);
    }

    [Fact]
    public void Distinct_hosts_puts_each_task_on_its_own_agent_and_says_why_the_rest_wait()
    {
        var replica = FleetReplica.WithAgents("a1", "a2", "a3");
        replica.Submit(Specs.Service("db", 4, cpu: 10, memory: 10).WithConstraints(new Constraint { Operator = Constraint.DistinctHostsOperator }));

        replica.Settle();

        Assert.Equal(new Dictionary<string, int> { ["a1"] = 1, ["a2"] = 1, ["a3"] = 1 }, PerAgent(replica, "db"));
        var waiting = replica.Wanted("db").Single(t => t.State == TaskState.Pending);
        Assert.Equal("no agent can take it: 3 agents filtered: 3 by distinct_hosts (a task of this job is there)", waiting.Reason);
    }

    [Fact]
    public void Spread_by_rack_balances_the_racks_before_the_agents()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", rack: "r1");
        replica.Register("a2", rack: "r1");
        replica.Register("a3", rack: "r1");
        replica.Register("b1", rack: "r2");
        replica.Register("c1", rack: "r3");
        replica.Submit(Specs.Service("web", 6, cpu: 10, memory: 10) with { Strategy = PlacementStrategy.Spread, SpreadBy = "rack" });

        replica.Settle();

        var perAgent = PerAgent(replica, "web");
        Assert.Equal(2, perAgent["b1"]);
        Assert.Equal(2, perAgent["c1"]);
        Assert.Equal(2, perAgent.Where(p => p.Key.StartsWith('a')).Sum(p => p.Value));
        Assert.All(perAgent.Where(p => p.Key.StartsWith('a')), p => Assert.Equal(1, p.Value));
    }

    [Fact]
    public void Binpack_keeps_a_jobs_tasks_apart_when_agents_are_alike()
    {
        var replica = FleetReplica.WithAgents("a1", "a2", "a3");

        replica.Submit(Specs.Service("web", 3, cpu: 100, memory: 64));
        replica.Settle();

        Assert.Equal(3, PerAgent(replica, "web").Count);
    }

    [Fact]
    public void Binpack_fills_agents_before_opening_new_ones()
    {
        var replica = FleetReplica.WithAgents(["a1", "a2", "a3", "a4"], cpu: 4000, memory: 8192);

        foreach (var i in Enumerable.Range(1, 40))
            replica.Submit(Specs.Service($"small{i}", 1, cpu: 200, memory: 400));
        replica.Settle();

        // 40 × 200 mCPU = 8 cores: two agents' worth, spread over no more than that.
        Assert.Equal(2, replica.Fleet().Agents.All.Count(a => replica.Fleet().Tasks.CountOnAgent(a.Id) > 0));
    }

    [Fact]
    public void A_role_quota_is_never_exceeded_and_the_reason_says_so()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Apply(new SetRole { RequestId = Cmd.NewId(), Role = "team-a", CpuMillisMax = 1000 });
        replica.Submit(Specs.Service("web", 5, cpu: 300, memory: 64) with { Role = "team-a" });

        replica.Settle();

        Assert.Equal(900, replica.Fleet().Tasks.AllocatedToRole("team-a").CpuMillis);
        Assert.StartsWith("role team-a is at its quota: holds 900 mCPU, 192 MB of 1000 mCPU, unlimited MB", replica.Wanted("web").First(t => t.State == TaskState.Pending).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_placement_over_quota_is_refused_on_apply_even_if_planned_elsewhere()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 2, cpu: 300, memory: 64) with { Role = "team-a" });
        var plan = Scheduler.Plan(replica.State, replica.Now);
        replica.Apply(new SetRole { RequestId = Cmd.NewId(), Role = "team-a", CpuMillisMax = 400 });

        var result = replica.Apply(FleetCmd.Place(plan));

        Assert.Single(result.Ids);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Quotas_are_never_exceeded_whatever_is_submitted_and_ends(int seed)
    {
        var random = new Random(seed);
        var replica = FleetReplica.WithAgents(["a1", "a2", "a3", "a4", "a5"], cpu: 8000, memory: 16384);
        var quotas = new Dictionary<string, Resources>(StringComparer.Ordinal);
        foreach (var role in new[] { "r1", "r2", "r3" })
        {
            quotas[role] = new Resources(random.Next(1, 20) * 500, random.Next(1, 20) * 1024);
            replica.Apply(new SetRole { RequestId = Cmd.NewId(), Role = role, CpuMillisMax = quotas[role].CpuMillis, MemoryMbMax = quotas[role].MemoryMb });
        }

        for (var step = 0; step < 60; step++)
        {
            if (random.Next(3) == 0)
            {
                var role = $"r{random.Next(1, 4)}";
                replica.Submit(Specs.Service($"j{step}", random.Next(1, 8), cpu: random.Next(1, 20) * 100, memory: random.Next(1, 20) * 256, priority: random.Next(0, 101)) with { Role = role });
            }

            var plan = Scheduler.Plan(replica.State, replica.Now);
            replica.Apply(FleetCmd.Place(plan));
            foreach (var (role, quota) in quotas)
                Assert.True(replica.Fleet().Tasks.AllocatedToRole(role).FitsIn(quota), $"seed {seed} step {step}: role {role} holds {replica.Fleet().Tasks.AllocatedToRole(role)} over {quota}");

            // Agents report: most tasks run, some end, stopping ones are killed.
            foreach (var task in replica.Fleet().Tasks.All.Where(t => t.State.HoldsResources()).ToList())
            {
                var next = task.Desired == DesiredState.Stop ? TaskState.Killed : random.Next(10) == 0 ? TaskState.Failed : TaskState.Running;
                if (next != task.State)
                    replica.Report(task.Id, next);
            }

            replica.Advance(random.Next(0, 2000));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Under_contention_each_role_ends_within_one_task_of_its_dominant_resource_fair_share(int seed)
    {
        var random = new Random(seed);
        var capacity = new Resources(random.Next(16, 64) * 1000, random.Next(16, 64) * 1024);
        var replica = FleetReplica.New();
        replica.Apply(FleetCmd.Agent("big", capacity.CpuMillis, capacity.MemoryMb));
        var roles = Enumerable.Range(0, random.Next(2, 5)).Select(i => (
            Name: $"team{i}",
            Weight: random.Next(1, 4),
            Task: new Resources(random.Next(1, 20) * 100, random.Next(1, 20) * 256))).ToList();
        foreach (var role in roles)
        {
            replica.Apply(new SetRole { RequestId = Cmd.NewId(), Role = role.Name, Weight = role.Weight });
            replica.Submit(Specs.Service($"{role.Name}-job", 1000, cpu: role.Task.CpuMillis, memory: role.Task.MemoryMb) with { Role = role.Name });
        }

        replica.Settle();

        // The ideal: progressive filling, one task at a time to the role with the smallest
        // weighted dominant share, until each role's next task no longer fits.
        var ideal = roles.ToDictionary(r => r.Name, _ => 0, StringComparer.Ordinal);
        var used = Resources.Zero;
        var active = roles.ToList();
        double Share(Resources held) => Math.Max((double)held.CpuMillis / capacity.CpuMillis, (double)held.MemoryMb / capacity.MemoryMb);
        while (active.Count > 0)
        {
            var next = active.OrderBy(r => Share(new Resources(r.Task.CpuMillis * ideal[r.Name], r.Task.MemoryMb * ideal[r.Name])) / r.Weight)
                .ThenBy(r => r.Name, StringComparer.Ordinal).First();
            if (!(used + next.Task).FitsIn(capacity))
            {
                active.Remove(next);
                continue;
            }

            used += next.Task;
            ideal[next.Name]++;
        }

        foreach (var role in roles)
        {
            var running = replica.Wanted($"{role.Name}-job").Count(t => t.State == TaskState.Running);
            Assert.True(Math.Abs(running - ideal[role.Name]) <= 1,
                $"seed {seed}: role {role.Name} (weight {role.Weight}, task {role.Task}) runs {running}, its fair share is {ideal[role.Name]}");
        }
    }

    [Fact]
    public void A_system_job_covers_every_eligible_agent_including_ones_that_join_later()
    {
        var replica = FleetReplica.New();
        foreach (var i in Enumerable.Range(1, 5))
            replica.Register($"a{i}", rack: i % 2 == 0 ? "r2" : "r1");
        replica.Submit(Specs.System("logs", constraints: Specs.Where("rack", "=", "r1")));
        replica.Settle();
        foreach (var i in Enumerable.Range(6, 4))
            replica.Register($"a{i}", rack: i % 2 == 0 ? "r2" : "r1");
        replica.Apply(FleetCmd.Drain("a1"));

        replica.Settle();

        var covered = replica.Wanted("logs").Where(t => t.State == TaskState.Running).Select(t => t.AgentId!).Order(StringComparer.Ordinal);
        Assert.Equal(["a3", "a5", "a7", "a9"], covered);
    }

    // Found by the fleet simulation (seed 510): the room a preemption made was handed in the
    // same round to a lower-priority task, so the preempting task never fit and every round
    // preempted again.
    [Fact]
    public void A_lower_priority_task_does_not_take_the_room_a_preemption_promised_in_the_same_round()
    {
        var replica = FleetReplica.WithAgents(["a1"], cpu: 4000, memory: 1000);
        replica.Submit(Specs.Service("low", 1, cpu: 100, memory: 400, priority: 10));
        replica.Settle();

        replica.Submit(Specs.Service("mid", 1, cpu: 100, memory: 500, priority: 50));
        replica.Submit(Specs.Service("urgent", 1, cpu: 100, memory: 800, priority: 90));
        var plan = Scheduler.Plan(replica.State, replica.Now);

        Assert.Single(plan.Preemptions);
        Assert.DoesNotContain(plan.Placements, p => p.TaskId.StartsWith("mid.", StringComparison.Ordinal));
        replica.Settle();
        Assert.All(replica.Wanted("urgent"), t => Assert.Equal(TaskState.Running, t.State));
    }

    [Fact]
    public void A_higher_priority_task_preempts_only_strictly_lower_priorities_and_then_runs()
    {
        var replica = FleetReplica.WithAgents(["a1", "a2"], cpu: 1000, memory: 4096);
        replica.Submit(Specs.Service("batchy", 2, cpu: 500, memory: 64, priority: 10));
        replica.Submit(Specs.Service("peer", 2, cpu: 500, memory: 64, priority: 60));
        replica.Settle();
        Assert.All(replica.Wanted("batchy").Concat(replica.Wanted("peer")), t => Assert.Equal(TaskState.Running, t.State));

        replica.Submit(Specs.Service("urgent", 2, cpu: 500, memory: 64, priority: 10));
        Assert.Empty(Scheduler.Plan(replica.State, replica.Now).Preemptions); // equal priority never preempts

        replica.Submit(Specs.Service("urgent", 2, cpu: 500, memory: 64, priority: 90));
        var plan = Scheduler.Plan(replica.State, replica.Now);
        Assert.Equal(2, plan.Preemptions.Count);
        Assert.All(plan.Preemptions, p => Assert.StartsWith("batchy.", p.VictimId, StringComparison.Ordinal));
        replica.Settle();

        Assert.All(replica.Wanted("urgent"), t => Assert.Equal(TaskState.Running, t.State));
        Assert.All(replica.Wanted("peer"), t => Assert.Equal(TaskState.Running, t.State));
        var victims = replica.TasksOf("batchy").Where(t => t.State == TaskState.Killed).ToList();
        Assert.Equal(2, victims.Count);
        Assert.All(victims, v => Assert.StartsWith("preempted by urgent.", v.Reason, StringComparison.Ordinal));
        Assert.All(replica.Wanted("batchy"), t => Assert.Equal(TaskState.Pending, t.State));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_preemption_planned_stops_a_strictly_lower_priority_task(int seed)
    {
        var random = new Random(seed);
        var replica = FleetReplica.WithAgents(["a1", "a2", "a3"], cpu: 4000, memory: 8192);
        for (var step = 0; step < 40; step++)
        {
            if (random.Next(2) == 0)
                replica.Submit(Specs.Service($"j{step}", random.Next(1, 6), cpu: random.Next(1, 15) * 100, memory: random.Next(1, 10) * 256, priority: random.Next(0, 101)));
            var plan = Scheduler.Plan(replica.State, replica.Now);
            foreach (var preemption in plan.Preemptions)
            {
                var victim = replica.Task(preemption.VictimId);
                var winner = replica.Task(preemption.ForTaskId);
                Assert.True(victim.Priority < winner.Priority, $"seed {seed}: {winner.Id} ({winner.Priority}) preempts {victim.Id} ({victim.Priority})");
                Assert.True(victim.IsWanted && victim.State.HoldsResources());
            }

            replica.Apply(FleetCmd.Place(plan));
            foreach (var agent in new[] { "a1", "a2", "a3" })
                replica.ReportAll(agent);
        }
    }

    [Fact]
    public void A_pending_task_explains_which_agents_were_filtered_and_why()
    {
        var replica = FleetReplica.New();
        foreach (var i in Enumerable.Range(1, 9))
            replica.Register($"m{i}", memory: 512, rack: "r1");
        foreach (var i in Enumerable.Range(1, 3))
            replica.Register($"c{i}", memory: 65536, rack: "r2");

        replica.Submit(Specs.Service("web", memory: 1024).WithConstraints(Specs.Where("rack", "=", "r1")));
        replica.Settle();

        Assert.Equal("no agent can take it: 12 agents filtered: 9 short of memory, 3 by constraint rack = r1", replica.Wanted("web").Single().Reason);
    }

    [Fact]
    public void A_rolling_update_never_leaves_a_service_more_than_max_unavailable_short()
    {
        var replica = FleetReplica.WithAgents(["a1", "a2", "a3"], cpu: 8000, memory: 16384);
        replica.Submit(Specs.Service("web", 6, cpu: 100, memory: 64));
        replica.Settle();
        int Serving() => replica.Wanted("web").Count(t => t.State == TaskState.Running);
        Assert.Equal(6, Serving());

        replica.Submit(Specs.Service("web", 6, cpu: 100, memory: 64).WithArgs("--v2"));
        var steps = 0;
        while (replica.Wanted("web").Any(t => t.JobVersion == 1) || Serving() < 6)
        {
            Assert.True(Serving() >= 5, $"step {steps}: only {Serving()} of 6 serving");
            Assert.True(replica.Fleet().Tasks.OfJob("web").Count(t => t.JobVersion == 1 && t.Desired == DesiredState.Stop && !t.State.IsTerminal()) <= 1, "at most one old task stops at a time");
            var plan = Scheduler.Plan(replica.State, replica.Now);
            replica.Apply(FleetCmd.Place(plan));

            // Agents act one task at a time: first kill what is asked to stop, then start what was placed.
            var next = replica.Fleet().Tasks.All.FirstOrDefault(t => t.State.HoldsResources() && t.Desired == DesiredState.Stop)
                       ?? replica.Fleet().Tasks.All.FirstOrDefault(t => t.State is TaskState.Assigned);
            if (next is not null)
                replica.Report(next.Id, next.Desired == DesiredState.Stop ? TaskState.Killed : TaskState.Running);
            Assert.True(++steps < 100, "the rollout did not finish");
        }

        Assert.All(replica.Wanted("web"), t => Assert.Equal(2, t.JobVersion));
        Assert.True(steps >= 12, $"one at a time takes at least two steps per task, took {steps}");
    }

    [Fact]
    public void Max_unavailable_lets_more_tasks_roll_at_once()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.Service("web", 6, cpu: 100, memory: 64));
        replica.Settle();

        replica.Submit(Specs.Service("web", 6, cpu: 100, memory: 64).WithArgs("--v2") with { MaxUnavailable = 3 });

        Assert.Equal(3, replica.Fleet().Tasks.OfJob("web").Count(t => t.JobVersion == 1 && t.Desired == DesiredState.Stop));
        Assert.Equal(3, replica.Wanted("web").Count(t => t.JobVersion == 1));
    }

    [Fact]
    public void The_same_state_always_gives_the_same_plan()
    {
        var replica = FleetReplica.New();
        foreach (var i in Enumerable.Range(1, 30))
            replica.Register($"a{i:00}", cpu: 2000 + (i * 100), memory: 4096, rack: $"r{i % 4}");
        foreach (var i in Enumerable.Range(1, 10))
        {
            replica.Submit(Specs.Service($"j{i}", 15, cpu: 100 * i, memory: 64 * i, priority: i * 7 % 100) with
            {
                Role = $"team{i % 3}",
                Strategy = i % 2 == 0 ? PlacementStrategy.Spread : PlacementStrategy.Binpack,
                SpreadBy = i % 4 == 0 ? "rack" : string.Empty,
            });
        }

        var first = Scheduler.Plan(replica.State, replica.Now);
        var second = Scheduler.Plan(replica.State, replica.Now);

        Assert.Equal(MessagePackSerializer.Serialize(first.ToCommand("x"), RaftosSerializer.Trusted), MessagePackSerializer.Serialize(second.ToCommand("x"), RaftosSerializer.Trusted));
        Assert.Equal(150, first.Placements.Count + first.Blocked.Count);
    }
}
