using Raftos.Core.Commands;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// Agents report task progress. Reports are idempotent (duplicates and regressions change
/// nothing), fenced by the agent's registration epoch (a stale one is refused) and by each
/// task's assignment epoch (a task the agent no longer owns comes back as "kill it").
/// </summary>
public sealed class TaskReportTests
{
    private static (Replica Replica, TaskRecord Task, long AgentEpoch) Assigned()
    {
        var replica = FleetReplica.New();
        var epoch = replica.Register("a1");
        replica.Submit(Specs.Service("web"));
        replica.Schedule();
        return (replica, replica.Wanted("web").Single(), epoch);
    }

    [Fact]
    public void Progress_is_applied_in_order_within_one_report()
    {
        var (replica, task, epoch) = Assigned();
        replica.Advance(100);

        var result = replica.Apply(FleetCmd.Report("a1", epoch,
            FleetCmd.Update(task.Id, task.Epoch, TaskState.Starting, reason: "pulling"),
            FleetCmd.Update(task.Id, task.Epoch, TaskState.Running, reason: "pid 42"),
            FleetCmd.Update(task.Id, task.Epoch, TaskState.Failed, 2, "exited with code 2")));

        Assert.True(result.Applied);
        Assert.Empty(result.Ids);
        var failed = replica.Task(task.Id);
        Assert.Equal(TaskState.Failed, failed.State);
        Assert.Equal(2, failed.ExitCode);
        Assert.Equal("exited with code 2", failed.Reason);
        Assert.Equal(
            [TaskState.Pending, TaskState.Assigned, TaskState.Starting, TaskState.Running, TaskState.Failed],
            failed.History.Select(h => h.State));
        Assert.All(failed.History.Skip(2), h => Assert.Equal(replica.LastIndex, h.Index));
        Assert.Equal(Raftos.Core.State.Resources.Zero, replica.Fleet().Tasks.AllocatedOn("a1"));
    }

    [Fact]
    public void A_duplicate_or_regressing_report_changes_nothing()
    {
        var (replica, task, epoch) = Assigned();
        replica.Report(task.Id, TaskState.Running);
        var before = Snapshots.DataBytes(replica.State);

        var results = replica.ApplyBatch(
            FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)),
            FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Starting)));

        Assert.All(results, r => Assert.True(r.Applied && r.Ids.Count == 0));
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_repeated_terminal_report_changes_nothing_and_is_not_fenced()
    {
        var (replica, task, epoch) = Assigned();
        replica.Report(task.Id, TaskState.Failed, 1);
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Finished, 0)));

        Assert.Empty(result.Ids);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_running_report_for_an_ended_task_is_fenced()
    {
        var (replica, task, epoch) = Assigned();
        replica.Report(task.Id, TaskState.Killed);

        var result = replica.Apply(FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)));

        Assert.Equal([task.Id], result.Ids);
        Assert.Equal(TaskState.Killed, replica.Task(task.Id).State);
    }

    [Fact]
    public void A_report_under_a_stale_agent_epoch_is_a_conflict()
    {
        var (replica, task, old) = Assigned();
        replica.Register("a1");
        var before = Snapshots.DataBytes(replica.State);

        var result = replica.Apply(FleetCmd.Report("a1", old, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)));

        Assert.Equal(RejectionCode.Conflict, result.Rejection?.Code);
        Assert.Contains("register again", result.Rejection!.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Snapshots.DataBytes(replica.State));
    }

    [Fact]
    public void A_report_from_a_lost_agent_is_a_conflict_even_under_its_last_epoch()
    {
        var (replica, task, epoch) = Assigned();
        replica.Apply(FleetCmd.Lost("a1", epoch));

        var result = replica.Apply(FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)));

        Assert.Equal(RejectionCode.Conflict, result.Rejection?.Code);
        Assert.Equal(TaskState.Lost, replica.Task(task.Id).State);
    }

    [Fact]
    public void A_report_from_an_unknown_agent_is_not_found()
    {
        var result = FleetReplica.New().Apply(FleetCmd.Report("ghost", 1, FleetCmd.Update("web.0.1", 1, TaskState.Running)));

        Assert.Equal(RejectionCode.NotFound, result.Rejection?.Code);
    }

    [Fact]
    public void A_returning_agent_is_told_to_kill_tasks_that_were_lost_and_moved_away()
    {
        var (replica, task, epoch) = Assigned();
        replica.Register("a2");
        replica.Apply(FleetCmd.Lost("a1", epoch));
        replica.Settle();
        var again = replica.Register("a1");

        var result = replica.Apply(FleetCmd.Report("a1", again, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running)));

        Assert.Equal([task.Id], result.Ids);
        Assert.Equal(TaskState.Lost, replica.Task(task.Id).State);
    }

    [Fact]
    public void A_report_for_a_task_assigned_elsewhere_or_under_another_epoch_is_fenced_when_not_terminal()
    {
        var replica = FleetReplica.New();
        var a1 = replica.Register("a1");
        replica.Register("a2");
        replica.Submit(Specs.Service("web", 2, cpu: 3000));
        replica.Schedule();
        var onA1 = replica.Fleet().Tasks.OnAgent("a1").Single();
        var onA2 = replica.Fleet().Tasks.OnAgent("a2").Single();

        var result = replica.Apply(FleetCmd.Report("a1", a1,
            FleetCmd.Update(onA2.Id, onA2.Epoch, TaskState.Running),
            FleetCmd.Update(onA1.Id, onA1.Epoch + 1, TaskState.Starting),
            FleetCmd.Update("web.7.77", 3, TaskState.Running),
            FleetCmd.Update(onA2.Id, onA2.Epoch, TaskState.Failed, 1),
            FleetCmd.Update("web.8.88", 3, TaskState.Killed)));

        Assert.True(result.Applied);
        Assert.Equal([onA2.Id, onA1.Id, "web.7.77"], result.Ids);
        Assert.Equal(TaskState.Assigned, replica.Task(onA1.Id).State);
        Assert.Equal(TaskState.Assigned, replica.Task(onA2.Id).State);
    }

    [Fact]
    public void A_killed_report_for_a_task_asked_to_stop_frees_its_resources_without_a_replacement()
    {
        var (replica, task, _) = Assigned();
        replica.Report(task.Id, TaskState.Running);
        replica.Apply(FleetCmd.Stop("web"));

        replica.Report(task.Id, TaskState.Killed);

        Assert.Equal(TaskState.Killed, replica.Task(task.Id).State);
        Assert.Equal(DesiredState.Stop, replica.Task(task.Id).Desired);
        Assert.Equal(0, replica.Fleet().Tasks.CountOnAgent("a1"));
        Assert.Single(replica.TasksOf("web"));
    }

    [Fact]
    public void A_report_may_skip_states()
    {
        var (replica, task, _) = Assigned();

        replica.Report(task.Id, TaskState.Finished, 0);

        Assert.Equal([TaskState.Pending, TaskState.Assigned, TaskState.Finished], replica.Task(task.Id).History.Select(h => h.State));
    }

    [Fact]
    public void A_retried_report_gets_the_first_answer_again()
    {
        var (replica, task, epoch) = Assigned();
        var report = FleetCmd.Report("a1", epoch, FleetCmd.Update(task.Id, task.Epoch, TaskState.Running), FleetCmd.Update("web.5.5", 1, TaskState.Running));

        var first = replica.Apply(report);
        replica.Register("a1");
        var retried = replica.Apply(report);

        Assert.True(retried.IsDuplicate);
        Assert.Equal(first.Index, retried.Index);
        Assert.Equal(first.Ids, retried.Ids);
    }

    [Fact]
    public void Blocked_reasons_do_not_grow_a_tasks_history()
    {
        var replica = FleetReplica.WithAgents("a1");
        replica.Submit(Specs.Service("web"));
        var id = replica.Wanted("web").Single().Id;
        for (var i = 0; i < Limits.TaskHistoryMax; i++)
            replica.Apply(FleetCmd.Place((id, "a1")) with { Placements = [], Blocked = [new TaskBlocked(id, $"blocked {i}")] });
        replica.Schedule();
        replica.Report(id, TaskState.Starting);
        replica.Report(id, TaskState.Running);

        Assert.Equal(4, replica.Task(id).History.Count);
        Assert.Equal(TaskState.Running, replica.Task(id).History[^1].State);
    }

    public static TheoryData<string> InvalidReports => ["reported pending", "reported assigned", "reported lost", "empty task id", "null update", "null reason", "bad agent id"];

    [Theory]
    [MemberData(nameof(InvalidReports))]
    public void An_invalid_report_is_rejected_naming_the_field(string name)
    {
        var good = FleetCmd.Update("web.0.1", 2, TaskState.Running);
        var (command, field) = name switch
        {
            "reported pending" => (FleetCmd.Report("a1", 1, good with { State = TaskState.Pending }), "updates.state"),
            "reported assigned" => (FleetCmd.Report("a1", 1, good with { State = TaskState.Assigned }), "updates.state"),
            "reported lost" => (FleetCmd.Report("a1", 1, good with { State = TaskState.Lost }), "updates.state"),
            "empty task id" => (FleetCmd.Report("a1", 1, good with { TaskId = string.Empty }), "updates.taskId"),
            "null update" => (FleetCmd.Report("a1", 1, [null!]), "updates.taskId"),
            "null reason" => (FleetCmd.Report("a1", 1, good with { Reason = null! }), "updates.reason"),
            _ => (FleetCmd.Report("A1", 1, good), "agentId"),
        };

        var result = FleetReplica.New().Apply(command);

        Assert.Equal(RejectionCode.Invalid, result.Rejection?.Code);
        Assert.Equal(field, result.Rejection!.Field);
    }
}
