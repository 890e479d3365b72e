using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// Submitting, resubmitting, scaling and stopping jobs: each ends by reconciling the job, so
/// every slot has exactly one wanted task of the current version and nothing else is wanted.
/// </summary>
public sealed class JobReconcileTests
{
    [Fact]
    public void Submitting_a_job_creates_count_pending_tasks_at_version_1()
    {
        var replica = FleetReplica.New();

        var result = replica.Apply(FleetCmd.Submit(Specs.Service("web", 3)));

        Assert.True(result.Applied);
        Assert.Equal(1, result.Revision);
        var job = replica.Job("web");
        Assert.Equal(1, job.Version);
        Assert.False(job.Stopped);
        Assert.Equal(replica.Now, job.SubmittedAt);
        var tasks = replica.TasksOf("web");
        Assert.Equal(["web.0.1", "web.1.2", "web.2.3"], tasks.Select(t => t.Id));
        Assert.All(tasks, t =>
        {
            Assert.Equal(TaskState.Pending, t.State);
            Assert.Equal(DesiredState.Run, t.Desired);
            Assert.Equal(1, t.JobVersion);
            Assert.Null(t.AgentId);
            Assert.Equal(0, t.Epoch);
            Assert.Equal(replica.Now, t.NotBefore);
            Assert.Equal(new Raftos.Core.State.Resources(500, 256), t.Resources);
            Assert.Single(t.History);
        });
        Assert.Equal(["0", "1", "2"], tasks.Select(t => t.Slot));
        Assert.Equal(tasks.Select(t => t.Id).Order(StringComparer.Ordinal), replica.Fleet().Tasks.PendingIds);
    }

    [Fact]
    public void Task_ids_carry_job_slot_and_a_cluster_wide_sequence()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web", 2));

        replica.Submit(Specs.Service("api", 2));

        Assert.Equal(["api.0.3", "api.1.4"], replica.TasksOf("api").Select(t => t.Id));
        Assert.Equal(5, replica.Fleet().Tasks.NextSequence);
    }

    [Fact]
    public void An_identical_resubmission_is_a_no_op()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Submit(Specs.Service("web", 2)));

        Assert.True(result.Applied);
        Assert.Equal(1, result.Revision);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Changing_only_the_count_scales_up_without_a_new_version()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        var running = replica.Wanted("web").Select(t => t.Id).ToList();

        var result = replica.Apply(FleetCmd.Submit(Specs.Service("web", 4)));

        Assert.Equal(1, result.Revision);
        Assert.Equal(1, replica.Job("web").Version);
        Assert.Equal(4, replica.Job("web").Spec.Count);
        var wanted = replica.Wanted("web");
        Assert.Equal(4, wanted.Count);
        Assert.All(running, id => Assert.Contains(id, wanted.Select(t => t.Id)));
        Assert.Equal(["2", "3"], wanted.Where(t => t.State == TaskState.Pending).Select(t => t.Slot));
    }

    [Fact]
    public void Scaling_down_stops_the_highest_slots_and_keeps_the_version()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 12, cpu: 100, memory: 64));

        replica.Submit(Specs.Service("web", 3, cpu: 100, memory: 64));

        Assert.Equal(1, replica.Job("web").Version);
        Assert.Equal(["0", "1", "2"], replica.Wanted("web").Select(t => t.Slot).Order(StringComparer.Ordinal));
        var stopped = replica.TasksOf("web").Where(t => t.Desired == DesiredState.Stop).ToList();
        Assert.Equal(9, stopped.Count);
        Assert.All(stopped, t =>
        {
            Assert.True(int.Parse(t.Slot, System.Globalization.CultureInfo.InvariantCulture) >= 3);
            Assert.Equal(TaskState.Running, t.State);
            Assert.Equal("job scaled down", t.Reason);
        });
    }

    [Fact]
    public void Scaling_down_kills_pending_tasks_of_the_removed_slots_at_once()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web", 3));

        replica.Submit(Specs.Service("web", 1));

        Assert.Equal(["web.1.2", "web.2.3"], replica.InState("web", TaskState.Killed).Select(t => t.Id));
        Assert.Equal(["web.0.1"], replica.Fleet().Tasks.PendingIds);
    }

    [Fact]
    public void Any_other_change_makes_a_new_version_that_replaces_the_old_tasks()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web", 3));
        replica.Schedule();
        var old = replica.TasksOf("web");
        replica.Report(old[0].Id, TaskState.Running);
        replica.Apply(FleetCmd.Submit(Specs.Service("web", 4)));
        var pendingOld = replica.Wanted("web").Single(t => t.State == TaskState.Pending);

        var result = replica.Apply(FleetCmd.Submit(Specs.Service("web", 4).WithArgs("--serve", "--v2")));

        Assert.Equal(2, result.Revision);
        Assert.Equal(2, replica.Job("web").Version);
        foreach (var task in old.Skip(1).Select(t => replica.Task(t.Id)))
        {
            Assert.Equal(DesiredState.Stop, task.Desired);
            Assert.False(task.State.IsTerminal(), "assigned tasks stay until their agent reports them killed");
            Assert.Equal("replaced by job version 2", task.Reason);
        }

        // The running task keeps serving: three slots are already down, more than maxUnavailable.
        Assert.Equal(DesiredState.Run, replica.Task(old[0].Id).Desired);
        Assert.Equal(TaskState.Killed, replica.Task(pendingOld.Id).State);
        var wanted = replica.Wanted("web").Where(t => t.JobVersion == 2).ToList();
        Assert.Equal(3, wanted.Count);
        Assert.All(wanted, t => Assert.True(t.State == TaskState.Pending && t.FailureStreak == 0));
        Assert.Equal(["1", "2", "3"], wanted.Select(t => t.Slot).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Changes => ["args", "command", "resources", "priority", "strategy", "constraints", "restart", "env", "type", "role"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Every_change_other_than_count_is_a_new_version(string change)
    {
        var spec = Specs.Service("web", 2);
        var changed = change switch
        {
            "args" => spec.WithArgs("--other"),
            "command" => spec with { Task = spec.Task with { Command = "/bin/other" } },
            "resources" => spec with { Task = spec.Task with { Resources = new(501, 256) } },
            "priority" => spec with { Priority = 51 },
            "strategy" => spec with { Strategy = PlacementStrategy.Spread },
            "constraints" => spec.WithConstraints(Specs.Where("rack", "=", "r1")),
            "restart" => spec with { Restart = spec.Restart with { DelayMs = 2000 } },
            "env" => spec with { Task = spec.Task with { Env = new Dictionary<string, string> { ["MODE"] = "x" } } },
            "type" => spec with { Type = JobType.Batch },
            _ => spec with { Role = "team-a" },
        };
        var replica = FleetReplica.New();
        replica.Submit(spec);

        var result = replica.Submit(changed with { Count = 3 });

        Assert.Equal(2, result.Revision);
        Assert.Equal(3, replica.Wanted("web").Count);
        Assert.All(replica.Wanted("web"), t => Assert.Equal(2, t.JobVersion));
    }

    [Fact]
    public void A_resubmission_of_a_new_version_during_the_old_ones_rollout_replaces_all_old_versions()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Service("web", 2));
        replica.Submit(Specs.Service("web", 2).WithArgs("v2"));
        replica.Settle();

        replica.Submit(Specs.Service("web", 2).WithArgs("v3"));
        replica.Settle();

        Assert.Equal(3, replica.Job("web").Version);
        var running = replica.InState("web", TaskState.Running);
        Assert.Equal(2, running.Count);
        Assert.All(running, t => Assert.Equal(3, t.JobVersion));
    }

    [Fact]
    public void Stopping_a_job_kills_pending_tasks_and_asks_agents_to_stop_assigned_and_running_ones()
    {
        var replica = FleetReplica.New();
        replica.Register("a1", cpu: 1000);
        replica.Submit(Specs.Service("web", 3, cpu: 400));
        replica.Schedule();
        var tasks = replica.TasksOf("web");
        var pending = tasks.Single(t => t.State == TaskState.Pending);
        var assigned = tasks.Where(t => t.State == TaskState.Assigned).ToList();
        replica.Report(assigned[0].Id, TaskState.Running);

        var result = replica.Apply(FleetCmd.Stop("web"));

        Assert.True(result.Applied);
        Assert.True(replica.Job("web").Stopped);
        Assert.Equal(TaskState.Killed, replica.Task(pending.Id).State);
        Assert.Equal("job stopped", replica.Task(pending.Id).Reason);
        Assert.Equal(TaskState.Running, replica.Task(assigned[0].Id).State);
        Assert.Equal(TaskState.Assigned, replica.Task(assigned[1].Id).State);
        Assert.All(assigned, t => Assert.Equal(DesiredState.Stop, replica.Task(t.Id).Desired));
        Assert.Empty(replica.Wanted("web"));
        Assert.Equal(2, replica.Fleet().Tasks.CountOnAgent("a1"));
    }

    [Fact]
    public void A_stopped_job_creates_no_tasks_even_when_its_tasks_end()
    {
        var replica = FleetReplica.New();
        var epoch = replica.Register("a1");
        replica.Register("a2");
        replica.Submit(Specs.Service("web", 4, cpu: 1500));
        replica.Settle();
        replica.Apply(FleetCmd.Stop("web"));
        var count = replica.TasksOf("web").Count;
        var onA1 = replica.Fleet().Tasks.OnAgent("a1").ToList();
        var onA2 = replica.Fleet().Tasks.OnAgent("a2").ToList();

        replica.Report(onA2[0].Id, TaskState.Failed, 1);
        replica.Report(onA2[1].Id, TaskState.Killed);
        replica.Apply(FleetCmd.Lost("a1", epoch));
        replica.Advance(60_000);
        replica.Settle();

        Assert.Equal(count, replica.TasksOf("web").Count);
        Assert.Empty(replica.Wanted("web"));
        Assert.Empty(replica.Fleet().Tasks.PendingIds);
        Assert.All(onA1, t => Assert.Equal(TaskState.Lost, replica.Task(t.Id).State));
        Assert.Equal(Raftos.Core.State.Resources.Zero, replica.Fleet().Tasks.AllocatedOn("a2"));
    }

    [Fact]
    public void Stopping_a_stopped_job_changes_nothing()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web", 2));
        replica.Apply(FleetCmd.Stop("web"));
        var before = Snapshots.DataBytes(replica.State);

        var again = replica.Apply(FleetCmd.Stop("web"));

        Assert.True(again.Applied);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void Stopping_an_unknown_job_is_not_found()
        => Assert.Equal(RejectionCode.NotFound, FleetReplica.New().Apply(FleetCmd.Stop("ghost")).Rejection?.Code);

    [Fact]
    public void Resubmitting_a_stopped_job_starts_it_again_as_a_new_version()
    {
        var replica = FleetReplica.New();
        replica.Submit(Specs.Service("web", 2));
        replica.Apply(FleetCmd.Stop("web"));

        var result = replica.Submit(Specs.Service("web", 2));

        Assert.Equal(2, result.Revision);
        Assert.False(replica.Job("web").Stopped);
        Assert.Equal(2, replica.Wanted("web").Count);
        Assert.All(replica.Wanted("web"), t => Assert.Equal(2, t.JobVersion));
    }

    [Fact]
    public void A_batch_job_scaled_up_keeps_its_finished_slots_finished()
    {
        var replica = FleetReplica.RunningOnA1(Specs.Batch("etl", 2));
        foreach (var task in replica.InState("etl", TaskState.Running))
            replica.Report(task.Id, TaskState.Finished, 0);

        replica.Submit(Specs.Batch("etl", 3));

        Assert.Equal(1, replica.Job("etl").Version);
        var wanted = replica.Wanted("etl");
        Assert.Equal("2", wanted.Single().Slot);
        Assert.Equal(2, replica.InState("etl", TaskState.Finished).Count);
    }
}
