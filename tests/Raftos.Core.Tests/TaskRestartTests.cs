using Raftos.Core.Jobs;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// When a task ends, its slot gets a new task: after a backoff that doubles per consecutive
/// failure for services, up to the attempts for failed batch tasks, at once for lost tasks,
/// never for finished batch tasks. A slot keeps only the replaced task and its replacement.
/// </summary>
public sealed class TaskRestartTests
{
    private static (Replica Replica, TaskRecord Task) Running(JobSpec spec)
    {
        var replica = FleetReplica.RunningOnA1(spec);
        return (replica, replica.InState(spec.Id, TaskState.Running).Single());
    }

    /// <summary>Places the slot's pending task once its backoff is over, reports it running, then reports <paramref name="end"/>.</summary>
    private static TaskRecord RunAndEnd(Replica replica, string jobId, TaskState end)
    {
        var pending = replica.Wanted(jobId).Single();
        Assert.Equal(TaskState.Pending, pending.State);
        replica.Now = Math.Max(replica.Now, pending.NotBefore);
        Assert.Equal([pending.Id], replica.Schedule());
        replica.Report(pending.Id, TaskState.Running);
        replica.Report(pending.Id, end, end == TaskState.Finished ? 0 : 1);
        return replica.Task(pending.Id);
    }

    [Fact]
    public void A_failed_service_task_gets_a_pending_replacement_after_the_restart_delay()
    {
        var (replica, task) = Running(Specs.Service("web"));
        replica.Advance(10_000);

        replica.Report(task.Id, TaskState.Failed, 3);

        var failed = replica.Task(task.Id);
        Assert.Equal(TaskState.Failed, failed.State);
        Assert.Equal(3, failed.ExitCode);
        var next = replica.Wanted("web").Single();
        Assert.Equal(TaskState.Pending, next.State);
        Assert.Equal(task.Slot, next.Slot);
        Assert.Equal(1, next.FailureStreak);
        Assert.Equal(replica.Now + 1000, next.NotBefore);
        Assert.Equal(task.Id, next.Replaces);
        Assert.Equal("restart 1 after failed, in 1000 ms", next.Reason);
    }

    [Fact]
    public void The_restart_delay_doubles_per_consecutive_failure_up_to_the_maximum()
    {
        var (replica, task) = Running(Specs.Service("web"));
        replica.Report(task.Id, TaskState.Failed, 1);
        var delays = new List<long>();
        var streaks = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var pending = replica.Wanted("web").Single();
            delays.Add(pending.NotBefore - replica.Now);
            streaks.Add(pending.FailureStreak);
            RunAndEnd(replica, "web", TaskState.Failed);
        }

        Assert.Equal([1000L, 2000, 4000, 8000, 8000], delays);
        Assert.Equal([1, 2, 3, 4, 5], streaks);
    }

    [Fact]
    public void A_task_in_restart_backoff_cannot_be_placed_before_its_time()
    {
        var (replica, task) = Running(Specs.Service("web"));
        replica.Report(task.Id, TaskState.Failed, 1);
        var pending = replica.Wanted("web").Single();

        replica.Advance(999);
        Assert.Empty(replica.Apply(FleetCmd.Place((pending.Id, "a1"))).Ids);
        Assert.Empty(replica.Schedule());

        replica.Advance(1);
        Assert.Equal([pending.Id], replica.Apply(FleetCmd.Place((pending.Id, "a1"))).Ids);
    }

    [Fact]
    public void A_finished_service_task_is_restarted_like_a_failed_one()
    {
        var (replica, task) = Running(Specs.Service("web"));

        replica.Report(task.Id, TaskState.Finished, 0);

        var next = replica.Wanted("web").Single();
        Assert.Equal(1, next.FailureStreak);
        Assert.Equal(replica.Now + 1000, next.NotBefore);
    }

    [Fact]
    public void A_finished_batch_task_is_not_replaced()
    {
        var (replica, task) = Running(Specs.Batch("etl"));

        replica.Report(task.Id, TaskState.Finished, 0);

        Assert.Empty(replica.Wanted("etl"));
        Assert.Single(replica.TasksOf("etl"));
        replica.Advance(60_000);
        replica.Settle();
        Assert.Single(replica.TasksOf("etl"));
    }

    [Fact]
    public void A_failed_batch_task_is_retried_up_to_the_attempts_then_not()
    {
        var (replica, task) = Running(Specs.Batch("etl", attempts: 2));

        replica.Report(task.Id, TaskState.Failed, 1);
        Assert.Equal(1, replica.Wanted("etl").Single().FailureStreak);
        RunAndEnd(replica, "etl", TaskState.Failed);
        Assert.Equal(2, replica.Wanted("etl").Single().FailureStreak);
        var last = RunAndEnd(replica, "etl", TaskState.Failed);

        Assert.Empty(replica.Wanted("etl"));
        Assert.Equal(TaskState.Failed, last.State);
        replica.Advance(60_000);
        Assert.Empty(replica.Schedule());
        Assert.Empty(replica.Wanted("etl"));
    }

    [Fact]
    public void A_batch_job_with_no_attempts_is_never_retried()
    {
        var (replica, task) = Running(Specs.Batch("etl", attempts: 0));

        replica.Report(task.Id, TaskState.Failed, 1);

        Assert.Empty(replica.Wanted("etl"));
    }

    [Fact]
    public void A_batch_task_that_succeeds_on_a_retry_is_done()
    {
        var (replica, task) = Running(Specs.Batch("etl", attempts: 3));
        replica.Report(task.Id, TaskState.Failed, 1);

        RunAndEnd(replica, "etl", TaskState.Finished);

        Assert.Empty(replica.Wanted("etl"));
    }

    [Fact]
    public void A_lost_task_is_replaced_at_once_with_no_failure_streak()
    {
        var (replica, task) = Running(Specs.Service("web"));
        replica.Report(task.Id, TaskState.Failed, 1);
        var second = RunAndEnd(replica, "web", TaskState.Running);
        Assert.Equal(1, second.FailureStreak);
        replica.Advance(3000);

        replica.Apply(FleetCmd.Lost("a1", replica.Agent("a1").Epoch));

        var next = replica.Wanted("web").Single();
        Assert.Equal(0, next.FailureStreak);
        Assert.Equal(replica.Now, next.NotBefore);
        Assert.Equal(second.Id, next.Replaces);
        Assert.Equal("waiting for placement", next.Reason);
    }

    [Fact]
    public void A_wanted_task_its_agent_reports_killed_is_replaced_at_once()
    {
        var (replica, task) = Running(Specs.Service("web"));

        replica.Report(task.Id, TaskState.Killed);

        var next = replica.Wanted("web").Single();
        Assert.Equal(0, next.FailureStreak);
        Assert.Equal(replica.Now, next.NotBefore);
    }

    [Fact]
    public void A_slot_keeps_only_the_replaced_task_and_the_new_one()
    {
        var (replica, task) = Running(Specs.Service("web"));
        replica.Report(task.Id, TaskState.Failed, 1);
        var second = RunAndEnd(replica, "web", TaskState.Failed);
        var third = RunAndEnd(replica, "web", TaskState.Failed);

        var kept = replica.TasksOf("web").Select(t => t.Id).ToList();

        Assert.Equal(2, kept.Count);
        Assert.DoesNotContain(task.Id, kept);
        Assert.DoesNotContain(second.Id, kept);
        Assert.Contains(third.Id, kept);
        Assert.Equal(third.Id, replica.Wanted("web").Single().Replaces);
    }

    /// <summary>
    /// The replaced task may still be running (asked to stop) when its replacement fails; it
    /// must still be dropped once it ends and is two generations old, else every drain or
    /// rolling update during a crash loop leaves a task record behind forever.
    /// </summary>
    [Fact]
    public void A_replaced_task_that_ends_after_its_replacement_failed_is_not_kept_forever()
    {
        var (replica, original) = Running(Specs.Service("web"));
        replica.Register("a2");
        replica.Apply(FleetCmd.Drain("a1"));
        var replacement = RunAndEnd(replica, "web", TaskState.Failed);
        Assert.Equal("a2", replacement.AgentId);

        replica.Report(original.Id, TaskState.Killed);
        var third = RunAndEnd(replica, "web", TaskState.Failed);
        RunAndEnd(replica, "web", TaskState.Running);

        var kept = replica.TasksOf("web").Select(t => t.Id).ToList();
        Assert.DoesNotContain(original.Id, kept);
        Assert.DoesNotContain(replacement.Id, kept);
        Assert.Contains(third.Id, kept);
        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void A_task_asked_to_stop_that_fails_is_not_replaced_twice()
    {
        var replica = FleetReplica.WithAgents("a1", "a2");
        replica.Submit(Specs.Service("web", 2, cpu: 3000));
        replica.Settle();
        replica.Apply(FleetCmd.Drain("a1"));
        var drained = replica.TasksOf("web").Single(t => t.Desired == DesiredState.Stop);

        replica.Report(drained.Id, TaskState.Failed, 137);

        Assert.Equal(2, replica.Wanted("web").Count);
        Assert.Single(replica.Wanted("web"), t => t.State == TaskState.Pending);
    }

    [Fact]
    public void Restart_delay_after_n_failures_doubles_and_is_capped()
    {
        var policy = new RestartPolicy { DelayMs = 250, MaxDelayMs = 3000 };

        Assert.Equal([0L, 250, 500, 1000, 2000, 3000, 3000], Enumerable.Range(0, 7).Select(policy.DelayAfter));
        Assert.Equal(3000, policy.DelayAfter(int.MaxValue));
        Assert.Equal(0, new RestartPolicy { DelayMs = 0, MaxDelayMs = 0 }.DelayAfter(5));
        Assert.Equal(3_600_000, new RestartPolicy { DelayMs = 3_600_000, MaxDelayMs = 3_600_000 }.DelayAfter(40));
    }
}
