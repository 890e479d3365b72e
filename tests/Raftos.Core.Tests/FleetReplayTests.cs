using Raftos.Core.Commands;
using Raftos.Core.State;
using Raftos.Core.Tasks;

namespace Raftos.Core.Tests;

/// <summary>
/// The replication property for the fleet: the same log of agent, job, placement and report
/// commands gives byte-identical state and equal answers, straight, from encoded entries, or
/// from a snapshot taken midway plus the rest of the log.
/// </summary>
public sealed class FleetReplayTests
{
    private const int Entries = 400;

    // Small, so that request ids are evicted and forgotten retries apply again during the run.
    private const int RememberedRequests = 64;

    public static TheoryData<int> Seeds => [1, 7, 42, 2024, 31337, 987654321];

    private static IReadOnlyList<LogEntry> Log(int seed) => new FleetLogGenerator(seed, RememberedRequests).Generate(Entries);

    private static List<IReadOnlyList<CommandResult>> Replay(ClusterState state, IEnumerable<LogEntry> log)
        => [.. log.Select(entry => state.Apply(entry.Batch, entry.Index))];

    private static void AssertSameResults(List<IReadOnlyList<CommandResult>> expected, List<IReadOnlyList<CommandResult>> actual, IReadOnlyList<LogEntry> log, string context)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var e = 0; e < expected.Count; e++)
            Same.Results(expected[e], actual[e], $"{context}, entry at index {log[e].Index}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replaying_the_same_fleet_log_twice_gives_byte_identical_snapshots_and_equal_results(int seed)
    {
        var log = Log(seed);
        var first = new ClusterState(RememberedRequests);
        var second = new ClusterState(RememberedRequests);

        var firstResults = Replay(first, log);
        var secondResults = Replay(second, log);

        AssertSameResults(firstResults, secondResults, log, $"seed {seed}");
        Same.Bytes(Snapshots.Bytes(first), Snapshots.Bytes(second), $"seed {seed}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_fleet_log_is_a_function_of_the_seed(int seed)
    {
        var once = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();
        var twice = Log(seed).Select(e => RaftosSerializer.Encode(e.Batch)).ToList();

        Assert.Equal(once.Count, twice.Count);
        for (var i = 0; i < once.Count; i++)
            Same.Bytes(once[i], twice[i], $"seed {seed}, entry {i} (the generator must be deterministic)");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Replaying_the_encoded_fleet_log_gives_the_same_state_as_the_generator_saw(int seed)
    {
        var generator = new FleetLogGenerator(seed, RememberedRequests);
        var log = generator.Generate(Entries);
        var decoded = log.Select(e => e with { Batch = Snapshots.RoundTrip(e.Batch) }).ToList();

        var fromBytes = new ClusterState(RememberedRequests);
        Replay(fromBytes, decoded);

        Same.Bytes(Snapshots.Bytes(generator.State), Snapshots.Bytes(fromBytes), $"seed {seed}, decoded log");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Restoring_a_fleet_snapshot_midway_and_replaying_the_rest_matches_the_straight_replay(int seed)
    {
        var log = Log(seed);
        var straight = new ClusterState(RememberedRequests);
        var straightResults = Replay(straight, log);

        foreach (var midway in new[] { 1, log.Count / 3, log.Count / 2, log.Count - 1 })
        {
            var before = new ClusterState(RememberedRequests);
            Replay(before, log.Take(midway));
            var restored = Snapshots.Restore(Snapshots.Bytes(before), RememberedRequests);
            var restoredResults = Replay(restored, log.Skip(midway));

            AssertSameResults(straightResults.Skip(midway).ToList(), restoredResults, log.Skip(midway).ToList(), $"seed {seed}, restored at entry {midway}");
            Same.Bytes(Snapshots.Bytes(straight), Snapshots.Bytes(restored), $"seed {seed}, restored at entry {midway}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(42)]
    public void A_fleet_replica_restored_from_its_own_snapshot_after_every_entry_stays_byte_identical(int seed)
    {
        var log = Log(seed);
        var uninterrupted = new ClusterState(RememberedRequests);
        var restarting = new ClusterState(RememberedRequests);

        foreach (var entry in log)
        {
            var expected = uninterrupted.Apply(entry.Batch, entry.Index);
            var actual = restarting.Apply(entry.Batch, entry.Index);
            Same.Results(expected, actual, $"seed {seed}, entry at index {entry.Index}");

            var bytes = Snapshots.Bytes(restarting);
            restarting = Snapshots.Restore(bytes, RememberedRequests);
            Same.Bytes(Snapshots.Bytes(uninterrupted), bytes, $"seed {seed}, after index {entry.Index}");
            Same.Bytes(bytes, Snapshots.Bytes(restarting), $"seed {seed}, re-encoding the restored state at index {entry.Index}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_generated_fleet_log_exercises_every_outcome(int seed)
    {
        var generator = new FleetLogGenerator(seed, RememberedRequests);
        var log = new List<LogEntry>();
        var states = new HashSet<TaskState>();
        var restarted = false;
        for (var i = 0; i < Entries; i++)
        {
            log.Add(generator.Next());
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
    }
}
