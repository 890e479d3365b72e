using Raftos.Core.Agents;
using Raftos.Core.Commands;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// Agents register (each registration a new epoch), are declared lost with the epoch that was
/// judged, and are drained and undrained. Their tasks follow: lost with the agent and replaced,
/// or stopped and replaced on drain.
/// </summary>
public sealed class FleetAgentTests
{
    [Fact]
    public void A_new_agent_is_ready_with_its_registration_index_as_epoch()
    {
        var replica = FleetReplica.New();
        replica.Apply(Cmd.Put("k", "v"));

        var result = replica.Apply(FleetCmd.Agent("a1", 2000, 4096, rack: "r1"));

        Assert.True(result.Applied);
        Assert.Equal(2, result.Revision);
        var agent = replica.Agent("a1");
        Assert.Equal(AgentStatus.Ready, agent.Status);
        Assert.Equal(2, agent.Epoch);
        Assert.True(agent.IsEligible);
        Assert.Equal(new Raftos.Core.State.Resources(2000, 4096), agent.Total);
        Assert.Equal("r1", agent.Attributes["rack"]);
        Assert.Equal(replica.Now, agent.RegisteredAt);
        Assert.Equal(replica.Now, agent.StatusChangedAt);
    }

    [Fact]
    public void Re_registration_gives_a_new_epoch_and_keeps_the_agents_tasks()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var first = replica.Agent("a1").Epoch;
        var tasks = replica.Fleet().Tasks.OnAgent("a1").Select(t => (t.Id, t.Epoch)).ToList();
        var registeredAt = replica.Agent("a1").RegisteredAt;
        replica.Advance(5000);

        var second = replica.Register("a1");

        Assert.True(second > first);
        Assert.Equal(second, replica.Agent("a1").Epoch);
        Assert.Equal(registeredAt, replica.Agent("a1").RegisteredAt);
        Assert.Equal(tasks, replica.Fleet().Tasks.OnAgent("a1").Select(t => (t.Id, t.Epoch)).ToList());
        Assert.All(replica.TasksOf("web"), t => Assert.Equal(TaskState.Running, t.State));
        Assert.Equal(2, replica.TasksOf("web").Count);
    }

    [Fact]
    public void A_re_registered_agent_reports_its_kept_tasks_under_the_new_epoch()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web"));
        replica.Schedule();
        var task = replica.Wanted("web").Single();
        var epoch = replica.Register("a1");

        var result = replica.Apply(FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)));

        Assert.True(result.Applied);
        Assert.Empty(result.Ids);
        Assert.Equal(TaskState.Running, replica.Task(task.Id).State);
    }

    [Fact]
    public void A_lost_agent_registering_again_becomes_ready_but_its_lost_tasks_stay_lost()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var epoch = replica.Agent("a1").Epoch;
        var before = replica.TasksOf("web").Select(t => t.Id).ToList();
        Assert.True(replica.Apply(FleetCmd.Lost("a1", epoch)).Applied);

        var again = replica.Register("a1");

        var agent = replica.Agent("a1");
        Assert.Equal(AgentStatus.Ready, agent.Status);
        Assert.Equal(again, agent.Epoch);
        Assert.Equal("registered again after being lost", agent.StatusReason);
        Assert.All(before, id => Assert.Equal(TaskState.Lost, replica.Task(id).State));
        Assert.Empty(replica.Fleet().Tasks.OnAgent("a1"));
        Assert.Equal(2, replica.Wanted("web").Count(t => t.State == TaskState.Pending));
    }

    public static TheoryData<string> InvalidRegistrations => ["bad id", "empty id", "zero cpu", "negative memory", "too much cpu", "too many attributes", "empty attribute name"];

    [Theory]
    [MemberData(nameof(InvalidRegistrations))]
    public void An_invalid_registration_is_rejected_naming_the_field_and_adds_no_agent(string name)
    {
        var valid = FleetCmd.Agent("a1");
        var (command, field) = name switch
        {
            "bad id" => (valid with { AgentId = "Agent_1" }, "agentId"),
            "empty id" => (valid with { AgentId = string.Empty }, "agentId"),
            "zero cpu" => (valid with { Total = new(0, 1024) }, "resources"),
            "negative memory" => (valid with { Total = new(1000, -1) }, "resources"),
            "too much cpu" => (valid with { Total = new(Limits.ResourceAmountMax + 1L, 1024) }, "resources"),
            "too many attributes" => (valid with { Attributes = Enumerable.Range(0, Limits.AttributesMax + 1).ToDictionary(i => $"k{i}", i => "v") }, "attributes"),
            _ => (valid with { Attributes = new Dictionary<string, string> { [string.Empty] = "v" } }, "attributes"),
        };
        var replica = FleetReplica.New();

        var result = replica.Apply(command);

        Assert.Equal(RejectionCode.Invalid, result.Rejection?.Code);
        Assert.Equal(field, result.Rejection!.Field);
        Assert.Equal(0, replica.Fleet().Agents.Count);
    }

    [Fact]
    public void An_agent_with_the_most_attributes_allowed_is_accepted()
    {
        var command = FleetCmd.Agent("a1") with { Attributes = Enumerable.Range(0, Limits.AttributesMax).ToDictionary(i => $"k{i}", i => "v") };

        Assert.True(FleetReplica.New().Apply(command).Applied);
    }

    [Fact]
    public void Marking_an_agent_lost_with_its_current_epoch_loses_its_live_tasks_and_replaces_them()
    {
        var replica = FleetReplica.New();
        var epoch = replica.Register("a1", cpu: 1000);
        replica.Submit(Specs.Service("web", 3, cpu: 300));
        replica.Schedule();
        replica.Register("a2", cpu: 4000);
        var onA1 = replica.Fleet().Tasks.OnAgent("a1").ToList();
        Assert.Equal(3, onA1.Count);
        replica.Report(onA1[0].Id, TaskState.Running);
        replica.Report(onA1[1].Id, TaskState.Starting);
        replica.Advance(7000);

        var result = replica.Apply(FleetCmd.Lost("a1", epoch, "no heartbeat for 7.0 s"));

        Assert.True(result.Applied);
        var agent = replica.Agent("a1");
        Assert.Equal(AgentStatus.Lost, agent.Status);
        Assert.Equal("no heartbeat for 7.0 s", agent.StatusReason);
        Assert.Equal(replica.Now, agent.StatusChangedAt);
        Assert.False(agent.IsEligible);
        foreach (var lost in onA1.Select(t => replica.Task(t.Id)))
        {
            Assert.Equal(TaskState.Lost, lost.State);
            Assert.Contains("agent a1 lost", lost.Reason, StringComparison.Ordinal);
            Assert.Contains("no heartbeat", lost.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(Raftos.Core.State.Resources.Zero, replica.Fleet().Tasks.AllocatedOn("a1"));
        var replacements = replica.Wanted("web");
        Assert.Equal(3, replacements.Count);
        Assert.All(replacements, t =>
        {
            Assert.Equal(TaskState.Pending, t.State);
            Assert.Equal(0, t.FailureStreak);
            Assert.Equal(replica.Now, t.NotBefore);
        });
        Assert.Equal(onA1.Select(t => t.Slot).Order(), replacements.Select(t => t.Slot).Order());
    }

    [Fact]
    public void Agent_lost_moves_its_tasks_to_other_agents()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var epoch = replica.Agent("a1").Epoch;
        replica.Register("a2");

        replica.Apply(FleetCmd.Lost("a1", epoch));
        replica.Settle();

        var running = replica.InState("web", TaskState.Running);
        Assert.Equal(2, running.Count);
        Assert.All(running, t => Assert.Equal("a2", t.AgentId));
    }

    [Fact]
    public void Marking_an_agent_lost_with_an_old_epoch_is_a_conflict_and_changes_nothing()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var old = replica.Agent("a1").Epoch;
        replica.Register("a1");
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Lost("a1", old));

        Assert.Equal(RejectionCode.Conflict, result.Rejection?.Code);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
        Assert.Equal(AgentStatus.Ready, replica.Agent("a1").Status);
    }

    [Fact]
    public void Marking_an_agent_lost_twice_is_a_no_op()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var epoch = replica.Agent("a1").Epoch;
        replica.Apply(FleetCmd.Lost("a1", epoch));
        var before = Snapshots.DataBytes(replica.State);

        var again = replica.Apply(FleetCmd.Lost("a1", epoch, "another reason"));

        Assert.True(again.Applied);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Marking_an_unknown_agent_lost_is_not_found()
    {
        var result = FleetReplica.New().Apply(FleetCmd.Lost("ghost", 1));

        Assert.Equal(RejectionCode.NotFound, result.Rejection?.Code);
    }

    [Fact]
    public void Draining_an_agent_stops_its_tasks_and_creates_pending_replacements_at_once()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var onA1 = replica.Fleet().Tasks.OnAgent("a1").Select(t => t.Id).ToList();

        Assert.True(replica.Apply(FleetCmd.Drain("a1")).Applied);

        Assert.True(replica.Agent("a1").Draining);
        Assert.False(replica.Agent("a1").IsEligible);
        foreach (var id in onA1)
        {
            var task = replica.Task(id);
            Assert.Equal(DesiredState.Stop, task.Desired);
            Assert.Equal(TaskState.Running, task.State);
            Assert.Contains("draining", task.Reason, StringComparison.Ordinal);
        }

        var replacements = replica.Wanted("web");
        Assert.Equal(2, replacements.Count);
        Assert.All(replacements, t => Assert.True(t.State == TaskState.Pending && t.NotBefore == replica.Now && t.FailureStreak == 0));
    }

    [Fact]
    public void A_draining_agent_takes_no_placements_and_its_tasks_move_to_other_agents()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        replica.Apply(FleetCmd.Drain("a1"));

        Assert.Empty(replica.Schedule());
        var pending = replica.Wanted("web").First();
        Assert.Empty(replica.Apply(FleetCmd.Place((pending.Id, "a1"))).Ids);

        replica.Register("a2");
        replica.Settle();

        Assert.All(replica.Wanted("web"), t => Assert.Equal("a2", t.AgentId));
        Assert.Empty(replica.Fleet().Tasks.OnAgent("a1"));
        Assert.Equal(2, replica.InState("web", TaskState.Killed).Count);
    }

    [Fact]
    public void An_undrained_agent_is_eligible_again()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Apply(FleetCmd.Drain("a1"));
        replica.Submit(Specs.Service("web"));
        Assert.Empty(replica.Schedule());

        Assert.True(replica.Apply(FleetCmd.Drain("a1", draining: false)).Applied);

        Assert.True(replica.Agent("a1").IsEligible);
        Assert.Single(replica.Schedule());
    }

    [Fact]
    public void Draining_an_agent_already_draining_changes_nothing()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        replica.Apply(FleetCmd.Drain("a1"));
        var before = Snapshots.DataBytes(replica.State);

        Assert.True(replica.Apply(FleetCmd.Drain("a1")).Applied);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Draining_an_unknown_agent_is_not_found()
        => Assert.Equal(RejectionCode.NotFound, FleetReplica.New().Apply(FleetCmd.Drain("ghost")).Rejection?.Code);

    [Fact]
    public void A_draining_agent_that_registers_again_stays_draining()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Apply(FleetCmd.Drain("a1"));

        replica.Register("a1");

        Assert.True(replica.Agent("a1").Draining);
    }

    [Fact]
    public void The_tasks_changed_index_advances_when_a_task_is_assigned_to_stopped_on_or_ends_on_the_agent()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.Service("web", 1));
        replica.Submit(Specs.Service("api", 1));
        var registered = replica.Agent("a1").TasksChangedIndex;

        replica.Apply(FleetCmd.Place((replica.Wanted("web")[0].Id, "a1")));
        var assigned = replica.Agent("a1").TasksChangedIndex;
        Assert.True(assigned > registered);
        Assert.Equal(replica.LastIndex, assigned);

        replica.Apply(FleetCmd.Place((replica.Wanted("api")[0].Id, "a2")));
        Assert.Equal(assigned, replica.Agent("a1").TasksChangedIndex);

        var web = replica.Wanted("web")[0];
        replica.Report(web.Id, TaskState.Running);
        Assert.Equal(assigned, replica.Agent("a1").TasksChangedIndex);

        replica.Apply(FleetCmd.Stop("web"));
        var stopped = replica.Agent("a1").TasksChangedIndex;
        Assert.Equal(replica.LastIndex, stopped);

        replica.Report(web.Id, TaskState.Killed);
        Assert.Equal(replica.LastIndex, replica.Agent("a1").TasksChangedIndex);
        Assert.NotEqual(stopped, replica.Agent("a1").TasksChangedIndex);
    }
}
