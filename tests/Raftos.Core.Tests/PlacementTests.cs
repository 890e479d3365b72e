using Raftos.Core.Commands;
using Raftos.Core.Scheduling;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// A placement round is checked again on apply: only pending, wanted tasks past their backoff
/// go onto ready, non-draining agents with room, so a stale or hostile plan can never
/// over-commit an agent or place a task twice.
/// </summary>
public sealed class PlacementTests
{
    [Fact]
    public void A_placement_assigns_the_task_with_the_entry_index_as_epoch()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web"));
        var task = replica.Wanted("web").Single();
        replica.Advance(250);

        var result = replica.Apply(FleetCmd.Place((task.Id, "a1")));

        Assert.Equal([task.Id], result.Ids);
        var assigned = replica.Task(task.Id);
        Assert.Equal(TaskState.Assigned, assigned.State);
        Assert.Equal("a1", assigned.AgentId);
        Assert.Equal(replica.LastIndex, assigned.Epoch);
        Assert.Equal("placed on agent a1", assigned.Reason);
        Assert.Equal(new TaskTransition(TaskState.Assigned, replica.Now, "placed on agent a1", replica.LastIndex), assigned.History[^1]);
        Assert.Equal(task.Resources, replica.Fleet().Tasks.AllocatedOn("a1"));
        Assert.Equal([task.Id], replica.Fleet().Tasks.OnAgent("a1").Select(t => t.Id));
        Assert.DoesNotContain(task.Id, replica.Fleet().Tasks.PendingIds);
    }

    [Fact]
    public void A_second_placement_of_the_same_task_is_ignored()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.Service("web"));
        var task = replica.Wanted("web").Single();

        var once = replica.Apply(FleetCmd.Place((task.Id, "a1"), (task.Id, "a2")));
        var again = replica.Apply(FleetCmd.Place((task.Id, "a2")));

        Assert.Equal([task.Id], once.Ids);
        Assert.Empty(again.Ids);
        Assert.True(again.Applied);
        Assert.Equal("a1", replica.Task(task.Id).AgentId);
        Assert.Equal(once.Index, replica.Task(task.Id).Epoch);
        Assert.Equal(Resources.Zero, replica.Fleet().Tasks.AllocatedOn("a2"));
    }

    [Fact]
    public void An_over_committing_placement_is_refused()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 1000, memory: 1000);
        replica.Submit(Specs.Service("web", 3, cpu: 400, memory: 100));
        replica.Submit(Specs.Service("db", 1, cpu: 100, memory: 901));
        var web = replica.Wanted("web");

        var result = replica.Apply(FleetCmd.Place((web[0].Id, "a1"), (web[1].Id, "a1"), (web[2].Id, "a1"), (replica.Wanted("db")[0].Id, "a1")));

        Assert.Equal([web[0].Id, web[1].Id], result.Ids);
        Assert.Equal(TaskState.Pending, replica.Task(web[2].Id).State);
        Assert.Equal(new Resources(800, 200), replica.Fleet().Tasks.AllocatedOn("a1"));
    }

    [Fact]
    public void Placements_onto_draining_lost_or_unknown_agents_are_refused()
    {
        var replica = FleetReplica.New();
        replica.Register("draining");
        var lostEpoch = replica.Register("lost");
        replica.Apply(FleetCmd.Drain("draining"));
        replica.Apply(FleetCmd.Lost("lost", lostEpoch));
        replica.Submit(Specs.Service("web", 3));
        var web = replica.Wanted("web");

        var result = replica.Apply(FleetCmd.Place((web[0].Id, "draining"), (web[1].Id, "lost"), (web[2].Id, "ghost")));

        Assert.True(result.Applied);
        Assert.Empty(result.Ids);
        Assert.All(replica.Wanted("web"), t => Assert.Equal(TaskState.Pending, t.State));
    }

    [Fact]
    public void Placements_of_unknown_ended_stopped_or_already_assigned_tasks_are_refused()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 2));
        replica.Submit(Specs.Service("old"));
        var old = replica.Wanted("old").Single();
        replica.Apply(FleetCmd.Stop("old"));
        var web = replica.Wanted("web");
        replica.Apply(FleetCmd.Place((web[0].Id, "a1")));

        var result = replica.Apply(FleetCmd.Place(("web.9.99", "a1"), (old.Id, "a1"), (web[0].Id, "a1")));

        Assert.Empty(result.Ids);
        Assert.Equal(TaskState.Killed, replica.Task(old.Id).State);
    }

    [Fact]
    public void A_pinned_task_is_placed_only_on_its_agent()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.System("logs"));
        var onA1 = replica.Wanted("logs").Single(t => t.PinnedAgent == "a1");

        Assert.Empty(replica.Apply(FleetCmd.Place((onA1.Id, "a2"))).Ids);
        Assert.Equal([onA1.Id], replica.Apply(FleetCmd.Place((onA1.Id, "a1"))).Ids);
    }

    [Fact]
    public void Blocked_reasons_are_recorded_on_pending_tasks_only()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 2));
        var web = replica.Wanted("web");
        replica.Apply(FleetCmd.Place((web[0].Id, "a1")));
        var assignedBefore = replica.Task(web[0].Id);

        var result = replica.Apply(new PlaceTasks
        {
            RequestId = Cmd.NewId(),
            Blocked = [new TaskBlocked(web[1].Id, "no agent can take it: 1 agent filtered: 1 short of memory"), new TaskBlocked(web[0].Id, "nope"), new TaskBlocked("ghost.0.1", "nope")],
        });

        Assert.True(result.Applied);
        Assert.Empty(result.Ids);
        Assert.Equal("no agent can take it: 1 agent filtered: 1 short of memory", replica.Task(web[1].Id).Reason);
        Assert.Equal(TaskState.Pending, replica.Task(web[1].Id).State);
        Assert.Equal(assignedBefore, replica.Task(web[0].Id));
    }

    [Fact]
    public void A_plan_made_from_an_older_state_cannot_over_commit_an_agent()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 1000, memory: 1000);
        replica.Submit(Specs.Service("web", 2, cpu: 600, memory: 100));
        var stalePlan = Scheduler.Plan(replica.State, replica.Now);
        replica.Schedule();
        replica.Submit(Specs.Service("web", 2, cpu: 600, memory: 100).WithArgs("v2"));

        var result = replica.Apply(FleetCmd.Place(stalePlan));
        var fresh = replica.Apply(FleetCmd.Place([.. replica.Wanted("web").Select(t => (t.Id, "a1"))]));

        Assert.Empty(result.Ids);
        Assert.Empty(fresh.Ids);
        Assert.True(replica.Fleet().Tasks.AllocatedOn("a1").FitsIn(replica.Agent("a1").Total));
    }

    [Fact]
    public void A_placement_round_with_too_many_entries_is_invalid()
    {
        var command = new PlaceTasks
        {
            RequestId = Cmd.NewId(),
            Placements = [.. Enumerable.Range(0, Limits.UpdatesPerCommandMax).Select(i => new TaskPlacement($"t{i}", "a1"))],
            Blocked = [new TaskBlocked("t", "r")],
        };

        var result = FleetReplica.New().Apply(command);

        Assert.Equal(RejectionCode.Invalid, result.Rejection?.Code);
        Assert.Equal("placements", result.Rejection!.Field);
    }

    /// <summary>
    /// Apply is total: a malformed round (from a buggy or deposed leader) must not throw, or
    /// every replica would fail on the same entry forever. Malformed entries are skipped,
    /// like null ones.
    /// </summary>
    [Fact]
    public void A_placement_round_with_entries_naming_no_task_or_agent_skips_them_instead_of_throwing()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 2));
        var web = replica.Wanted("web");
        var command = new PlaceTasks
        {
            RequestId = Cmd.NewId(),
            Placements = [null!, new TaskPlacement(null!, "a1"), new TaskPlacement(web[0].Id, null!), new TaskPlacement(web[1].Id, "a1")],
            Blocked = [null!, new TaskBlocked(null!, "why"), new TaskBlocked(web[0].Id, null!)],
        };
        var decoded = (PlaceTasks)Snapshots.RoundTrip(new CommandBatch([command])).Commands[0];

        var result = replica.Apply(decoded);

        Assert.True(result.Applied);
        Assert.Equal([web[1].Id], result.Ids);
        Assert.Equal(TaskState.Pending, replica.Task(web[0].Id).State);
        Assert.NotNull(replica.Task(web[0].Id).Reason);
    }
}
