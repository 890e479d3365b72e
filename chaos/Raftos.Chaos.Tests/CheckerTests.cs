using System.Diagnostics;
using System.Globalization;
using System.Net;
using Raftos.Chaos.Checking;
using Raftos.Chaos.Faults;
using Raftos.Chaos.History;
using Raftos.Chaos.Runs;
using Raftos.Chaos.Workloads;
using Raftos.Client;

namespace Raftos.Chaos.Tests;

/// <summary>The run's other checkers on made-up evidence: each must pass what is fine and name what is not.</summary>
public sealed class CheckerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("raftos-chaos-check-").FullName;

    [Fact]
    public void The_task_epoch_checker_flags_one_task_and_epoch_alive_on_two_agents_and_nothing_else()
    {
        using var sleeper = Process.Start("sleep", "60");
        try
        {
            var startTime = StartTimeOf(sleeper.Id);
            WriteTask("a1", "web.0.1", epoch: 7, sleeper.Id, startTime, reported: false);
            WriteTask("a2", "web.0.1", epoch: 9, sleeper.Id, startTime, reported: false);   // a newer epoch elsewhere: the move is fenced, fine
            WriteTask("a3", "api.0.1", epoch: 3, sleeper.Id, startTime + 1, reported: false); // the pid was reused: not that task
            var agents = Enumerable.Range(1, 3).ToDictionary(i => $"a{i}", i => Path.Combine(dir, $"a{i}"));

            var epochs = new TaskEpochs();
            epochs.Sample(agents);
            Assert.True(epochs.Verdict().Passed, string.Join('\n', epochs.Verdict().Violations));

            WriteTask("a3", "web.0.1", epoch: 7, sleeper.Id, startTime, reported: false);
            epochs.Sample(agents);
            epochs.Sample(agents);
            var verdict = epochs.Verdict();
            Assert.False(verdict.Passed);
            Assert.Equal("task web.0.1 epoch 7 ran on a1 and a3 at once", Assert.Single(verdict.Violations));

            // Once the agents have reported it ended, a record no longer counts as running.
            WriteTask("a3", "web.0.1", epoch: 7, sleeper.Id, startTime, reported: true);
            var later = new TaskEpochs();
            later.Sample(agents);
            Assert.True(later.Verdict().Passed);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void The_node_log_checker_flags_unhandled_exceptions_and_fatal_lines_only()
    {
        File.WriteAllLines(Path.Combine(dir, "m1.log"), ["12:00:00.000 INF [m1 t1] fine", "12:00:01.000 WRN [m1 t1] Cluster member 127.0.0.1:7102 is unavailable"]);
        Assert.True(NodeLogs.Check(dir).Passed);

        File.WriteAllLines(Path.Combine(dir, "a1.log"), ["12:00:02.000 FTL [a1] Host: A BackgroundService has thrown an unhandled exception"]);
        File.WriteAllLines(Path.Combine(dir, "m2.log"), ["12:00:03.000 ERR [m2 t1] Kestrel: An unhandled exception was thrown by the application."]);
        var verdict = NodeLogs.Check(dir);

        Assert.False(verdict.Passed);
        Assert.Equal(["a1.log: 12:00:02.000 FTL [a1] Host: A BackgroundService has thrown an unhandled exception", "m2.log: 12:00:03.000 ERR [m2 t1] Kestrel: An unhandled exception was thrown by the application."], verdict.Violations);
    }

    [Fact]
    public void The_known_dotnext_log_failure_is_counted_not_failed_where_the_master_handled_it()
    {
        File.WriteAllLines(Path.Combine(dir, "m3.log"),
        [
            "14:46:02.268 ERR [m3 t10] Kestrel: An unhandled exception was thrown by the application.",
            "System.Diagnostics.UnreachableException: WAL page 125 doesn't exist on the disk",
            "14:46:02.300 FTL [m3 t10] RaftCluster: Transition to candidate state has failed",
            "14:46:02.301 FTL [m3 t10] LeaderLoops: The Raft node failed inside DotNext and cannot recover in this process; exiting with code 70",
        ]);
        File.WriteAllLines(Path.Combine(dir, "m1.log"), ["14:46:05.000 FTL [m1 t10] RaftCluster: Transition to candidate state has failed"]);

        var verdict = NodeLogs.Check(dir);

        Assert.Equal(["m1.log: 14:46:05.000 FTL [m1 t10] RaftCluster: Transition to candidate state has failed"], verdict.Violations);
        Assert.Contains("3 fatal lines of the known DotNext log failure", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_are_definite_and_everything_else_may_have_happened()
    {
        Assert.Equal(Outcome.Failed, OperationOutcomes.Of(new RaftosApiException(HttpStatusCode.BadRequest, "Invalid", "bad")));
        Assert.Equal(Outcome.Failed, OperationOutcomes.Of(new RaftosApiException(HttpStatusCode.Conflict, "Conflict", "no")));
        Assert.Equal(Outcome.Unknown, OperationOutcomes.Of(new RaftosApiException(HttpStatusCode.ServiceUnavailable, "Unavailable", "no leader")));
        Assert.Equal(Outcome.Unknown, OperationOutcomes.Of(new RaftosApiException(HttpStatusCode.MisdirectedRequest, "Not the leader", "elsewhere")));
        Assert.Equal(Outcome.Unknown, OperationOutcomes.Of(new RaftosApiException("no master reachable")));
    }

    [Fact]
    public void Latency_windows_split_operations_by_invocation_around_a_fault()
    {
        static Operation Op(double invokedSeconds, double latencyMs, Outcome outcome = Outcome.Ok) => new()
        {
            Process = 0,
            Key = "k",
            Kind = OperationKind.Read,
            InvokedAt = (long)(invokedSeconds * 1e9),
            CompletedAt = outcome == Outcome.Unknown ? long.MaxValue : (long)((invokedSeconds * 1e9) + (latencyMs * 1e6)),
            Outcome = outcome,
        };
        var history = new[] { Op(8.5, 2), Op(9.5, 4), Op(10.5, 900), Op(11, 0, Outcome.Unknown), Op(12.5, 3), Op(20, 1) };
        var fault = new FaultRecord { Kind = FaultKinds.KillLeader, Target = "m1", InjectedAt = 10, HealedAt = 12 };

        var windows = Latency.Around(history, fault);

        Assert.Equal(["before", "during", "after"], windows.Select(w => w.Window));
        Assert.Equal([2, 1, 1], windows.Select(w => w.Ok));
        Assert.Equal([0, 1, 0], windows.Select(w => w.Unknown));
        Assert.Equal(900, windows[1].P99Ms, precision: 3);
        Assert.Equal(4, windows[0].P99Ms, precision: 3);
    }

    [Fact]
    public void Every_scenario_names_known_fault_kinds_and_a_single_kind_is_a_scenario_too()
    {
        foreach (var (name, kinds) in Scenarios.All)
            Assert.All(kinds, k => Assert.Contains(k, FaultKinds.All));
        Assert.Equal(FaultKinds.All.Where(k => k != FaultKinds.KillAll).OrderBy(k => k, StringComparer.Ordinal), Scenarios.Suite.SelectMany(s => Scenarios.All[s]).Order(StringComparer.Ordinal));
        Assert.Equal([FaultKinds.OneWay], Scenarios.KindsOf(FaultKinds.OneWay));
        Assert.Null(Scenarios.KindsOf("earthquake"));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private void WriteTask(string agent, string task, long epoch, int pid, long startTime, bool reported)
    {
        var taskDir = Path.Combine(dir, agent, "tasks", task);
        Directory.CreateDirectory(taskDir);
        var reportedAt = reported ? "\"2026-01-01T00:00:00+00:00\"" : "null";
        File.WriteAllText(Path.Combine(taskDir, "task.json"), string.Create(CultureInfo.InvariantCulture,
            $$"""{"launch":{"taskId":"{{task}}","epoch":{{epoch}}},"pid":{{pid}},"processStartTime":{{startTime}},"reportedAt":{{reportedAt}}}"""));
    }

    private static long StartTimeOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }
}
