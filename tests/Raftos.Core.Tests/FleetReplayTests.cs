using Raftos.Core.Commands;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// The replication property for the fleet: the same log of agent, job, placement and report
/// commands gives byte-identical state and equal answers, straight, from encoded entries, or
/// from a snapshot taken midway plus the rest of the log.
/// </summary>
public sealed class FleetReplayTests : LogReplayProperties
{
    private const int Entries = 400;

    public static TheoryData<int> Seeds => [1, 7, 42, 2024, 31337, 987654321];

    private protected override IReadOnlyList<LogEntry> Log(int seed) => new FleetLogGenerator(seed, RememberedRequests).Generate(Entries);

    /// <summary>The fleet generator applies every entry to its own state as it makes the log.</summary>
    private protected override ClusterState GeneratedState(int seed)
    {
        var generator = new FleetLogGenerator(seed, RememberedRequests);
        generator.Generate(Entries);
        return generator.State;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Restoring_a_fleet_snapshot_midway_and_replaying_the_rest_matches_the_straight_replay(int seed)
    {
        var log = Log(seed);

        AssertRestoringMidwayMatchesTheStraightReplay(log, [1, log.Count / 3, log.Count / 2, log.Count - 1], seed);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(42)]
    public void A_fleet_replica_restored_from_its_own_snapshot_after_every_entry_stays_byte_identical(int seed)
        => AssertRestoringAfterEveryEntryStaysByteIdentical(seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_generated_fleet_log_exercises_every_outcome(int seed)
    {
        var generator = new FleetLogGenerator(seed, RememberedRequests);
        var log = new List<LogEntry>();
        var states = new HashSet<TaskState>();
        var restarted = false;
        var (wentSilent, declaredLost, cameBack) = (false, false, false);
        for (var i = 0; i < Entries; i++)
        {
            var lost = generator.State.Fleet.Agents.All.Where(a => a.Status == Agents.AgentStatus.Lost).Select(a => a.Id).ToList();
            log.Add(generator.Next());
            wentSilent |= generator.Silent.Count > 0;
            declaredLost |= generator.LastVerdicts.Count > 0;
            cameBack |= lost.Any(id => generator.State.Fleet.Agents.Get(id)?.Status == Agents.AgentStatus.Ready);
            foreach (var task in generator.State.Fleet.Tasks.All)
            {
                states.Add(task.State);
                restarted |= task.FailureStreak > 0;
            }
        }

        var results = Replay(new ClusterState(RememberedRequests), log);
        var pairs = log.Zip(results).SelectMany(p => p.First.Batch.Commands.Zip(p.Second)).ToList();

        void Expect(bool condition, string what) => Assert.True(condition, $"seed {seed}: the log never {what}");
        Expect(pairs.Any(p => p.First is PlaceTasks && p.Second.Ids.Count > 0), "placed a task");
        Expect(pairs.Any(p => p.First is PlaceTasks place && p.Second.Applied && !p.Second.IsDuplicate && p.Second.Ids.Count < place.Placements.Count), "had a placement refused");
        Expect(pairs.Any(p => p.First is ReportTaskStates && p.Second.Ids.Count > 0), "fenced a task");
        Expect(pairs.Any(p => p.First is ReportTaskStates && p.Second.Rejection?.Code == RejectionCode.Conflict), "refused a stale agent epoch");
        Expect(pairs.Any(p => p.First is MarkAgentLost && p.Second.Applied && !p.Second.IsDuplicate), "lost an agent");
        Expect(pairs.Any(p => p.First is MarkAgentLost && p.Second.Rejection?.Code == RejectionCode.Conflict), "refused a lost verdict on an old epoch");
        Expect(pairs.Any(p => p.First is SetAgentDrain { Draining: true } && p.Second.Applied), "drained an agent");
        Expect(pairs.Any(p => p.First is SubmitJob && p.Second.Revision > 1), "made a second job version");
        Expect(pairs.Any(p => p.First is StopJob && p.Second.Applied), "stopped a job");
        Expect(pairs.Any(p => p.Second.IsDuplicate), "retried a request");
        foreach (var code in Enum.GetValues<RejectionCode>().Where(c => c != RejectionCode.RevisionMismatch))
            Expect(pairs.Any(p => p.Second.Rejection?.Code == code), $"was rejected with {code}");
        foreach (var state in Enum.GetValues<TaskState>())
            Expect(states.Contains(state), $"had a task {state}");
        Expect(restarted, "restarted a failed task");
        Expect(log.Zip(log.Skip(1)).Any(p => p.Second.Batch.At < p.First.Batch.At), "had a leader clock go back");
        Expect(generator.LeaderChanges > 0, "changed leader");
        Expect(wentSilent, "had an agent go silent");
        Expect(declaredLost, "had the failure detector declare an agent lost");
        Expect(cameBack, "had a lost agent register again");
    }
}
