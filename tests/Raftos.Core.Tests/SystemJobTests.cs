using Raftos.Core.Jobs;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// A system job runs one task on every eligible agent that meets its constraints, agents that
/// join later included; a task never leaves its agent.
/// </summary>
public sealed class SystemJobTests
{
    private static Replica ThreeRacks()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", rack: "r1");
        replica.Register("a2", rack: "r2");
        replica.Register("a3", rack: "r1");
        return replica;
    }

    /// <summary>The three racks with the system job "logs" settled: one task running on each agent.</summary>
    private static Replica RunningLogs()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs"));
        replica.Settle();
        return replica;
    }

    /// <summary>The wanted "logs" task of <paramref name="agentId"/> (a system job's slot is its agent).</summary>
    private static TaskRecord LogsTaskOf(Replica replica, string agentId) => replica.Wanted("logs").Single(t => t.Slot == agentId);

    [Fact]
    public void A_system_job_gets_one_pending_task_pinned_to_each_eligible_agent()
    {
        var replica = ThreeRacks();

        replica.Submit(Specs.System("logs"));

        var tasks = replica.Wanted("logs");
        Assert.Equal(["a1", "a2", "a3"], tasks.Select(t => t.Slot));
        Assert.All(tasks, t =>
        {
            Assert.Equal(t.Slot, t.PinnedAgent);
            Assert.Equal(TaskState.Pending, t.State);
        });
    }

    [Fact]
    public void A_system_job_only_covers_agents_meeting_its_constraints()
    {
        var replica = ThreeRacks();

        replica.Submit(Specs.System("logs", constraints: Specs.Where("rack", "=", "r1")));

        Assert.Equal(["a1", "a3"], replica.Wanted("logs").Select(t => t.Slot));
    }

    [Fact]
    public void System_tasks_are_placed_only_on_their_own_agent()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs"));
        var onA1 = LogsTaskOf(replica, "a1");

        Assert.Empty(replica.Apply(FleetCmd.Place((onA1.Id, "a2"))).Ids);
        replica.Settle();

        Assert.All(replica.Wanted("logs"), t => Assert.True(t.State == TaskState.Running && t.AgentId == t.Slot));
    }

    [Fact]
    public void An_agent_registering_later_gets_a_task_of_every_system_job()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs"));
        replica.Submit(Specs.System("metrics", constraints: Specs.Where("rack", "=", "r2")));
        replica.Settle();

        replica.Register("a4", rack: "r2");

        Assert.Equal(TaskState.Pending, LogsTaskOf(replica, "a4").State);
        Assert.Equal(["a2", "a4"], replica.Wanted("metrics").Select(t => t.Slot));
    }

    [Fact]
    public void A_drained_agents_system_task_stops_and_is_not_replaced_elsewhere()
    {
        var replica = RunningLogs();
        var onA2 = LogsTaskOf(replica, "a2");

        replica.Apply(FleetCmd.Drain("a2"));
        replica.Settle();

        Assert.Equal(TaskState.Killed, replica.Task(onA2.Id).State);
        Assert.Equal(["a1", "a3"], replica.Wanted("logs").Select(t => t.Slot));
        Assert.Equal(3, replica.TasksOf("logs").Count);
    }

    [Fact]
    public void An_undrained_agent_gets_its_system_task_back()
    {
        var replica = RunningLogs();
        replica.Apply(FleetCmd.Drain("a2"));
        replica.Settle();

        replica.Apply(FleetCmd.Drain("a2", draining: false));
        replica.Settle();

        Assert.Equal(["a1", "a2", "a3"], replica.InState("logs", TaskState.Running).Select(t => t.Slot));
    }

    [Fact]
    public void A_lost_agents_system_task_is_lost_and_not_replaced_elsewhere()
    {
        var replica = RunningLogs();
        var onA2 = LogsTaskOf(replica, "a2");

        replica.Apply(FleetCmd.Lost("a2", replica.Agent("a2").Epoch));

        Assert.Equal(TaskState.Lost, replica.Task(onA2.Id).State);
        Assert.Equal(["a1", "a3"], replica.Wanted("logs").Select(t => t.Slot));

        replica.Register("a2", rack: "r2");
        var back = LogsTaskOf(replica, "a2");
        Assert.Equal(TaskState.Pending, back.State);
        Assert.Equal(0, back.FailureStreak);
    }

    [Fact]
    public void A_pending_system_task_of_an_agent_that_is_lost_is_killed()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs"));
        var onA2 = LogsTaskOf(replica, "a2");

        replica.Apply(FleetCmd.Lost("a2", replica.Agent("a2").Epoch));

        Assert.Equal(TaskState.Killed, replica.Task(onA2.Id).State);
        Assert.DoesNotContain(onA2.Id, replica.Fleet().Tasks.PendingIds);
    }

    [Fact]
    public void An_agent_registering_again_with_attributes_that_no_longer_match_loses_its_system_task()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs", constraints: Specs.Where("rack", "=", "r1")));
        replica.Settle();
        var onA1 = LogsTaskOf(replica, "a1");

        replica.Register("a1", rack: "r2");

        Assert.Equal(DesiredState.Stop, replica.Task(onA1.Id).Desired);
        Assert.Equal(["a3"], replica.Wanted("logs").Select(t => t.Slot));
    }

    [Fact]
    public void A_failed_system_task_is_restarted_on_its_agent_with_backoff()
    {
        var replica = RunningLogs();
        var onA1 = LogsTaskOf(replica, "a1");

        replica.Report(onA1.Id, TaskState.Failed, 1);

        var next = LogsTaskOf(replica, "a1");
        Assert.Equal("a1", next.PinnedAgent);
        Assert.Equal(1, next.FailureStreak);
        Assert.Equal(replica.Now + 1000, next.NotBefore);
    }

    [Fact]
    public void A_system_job_ignores_its_count()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.System("logs") with { Count = 0 });

        var result = replica.Submit(Specs.System("logs") with { Count = 7 });

        Assert.Equal(1, result.Revision);
        Assert.Equal(3, replica.Wanted("logs").Count);
    }

    [Fact]
    public void Turning_a_service_into_a_system_job_replaces_numbered_slots_with_agent_slots()
    {
        var replica = ThreeRacks();
        replica.Submit(Specs.Service("agentd", 2));
        replica.Settle();

        replica.Submit(Specs.Service("agentd", 2) with { Type = JobType.System });

        Assert.Equal(2, replica.Job("agentd").Version);
        Assert.Equal(["a1", "a2", "a3"], replica.Wanted("agentd").Select(t => t.Slot));
        Assert.All(replica.TasksOf("agentd").Where(t => t.JobVersion == 1), t => Assert.Equal(DesiredState.Stop, t.Desired));
    }
}
