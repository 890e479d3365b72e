using Raftos.Core.Agents;
using Raftos.Core.Scheduling;

namespace Raftos.Core.Tests;

/// <summary>
/// The leader's failure detector: alive, suspect or lost by silence against two timeouts, with
/// a grace period at the start of each leadership, and only ready agents ever reported lost.
/// </summary>
public sealed class FailureDetectorTests
{
    private const long Start = 1_000_000;

    private static FailureDetector Leading(long since = Start)
    {
        var detector = new FailureDetector(suspectAfterMs: 2000, lostAfterMs: 5000);
        detector.LeadershipStarted(since);
        return detector;
    }

    private static AgentRecord Agent(string id, AgentStatus status = AgentStatus.Ready, bool draining = false)
        => new() { Id = id, Status = status, Draining = draining, Total = new(1000, 1000), Epoch = 1 };

    [Fact]
    public void An_agent_is_alive_then_suspect_then_lost_as_its_silence_grows()
    {
        var detector = Leading();
        detector.Heard("a1", Start + 100);

        Assert.Equal(AgentHealth.Alive, detector.HealthOf("a1", Start + 100));
        Assert.Equal(AgentHealth.Alive, detector.HealthOf("a1", Start + 100 + 1999));
        Assert.Equal(AgentHealth.Suspect, detector.HealthOf("a1", Start + 100 + 2001));
        Assert.Equal(AgentHealth.Suspect, detector.HealthOf("a1", Start + 100 + 4999));
        Assert.Equal(AgentHealth.Lost, detector.HealthOf("a1", Start + 100 + 5001));
    }

    [Fact]
    public void A_heartbeat_makes_a_suspect_agent_alive_again()
    {
        var detector = Leading();
        detector.Heard("a1", Start);
        Assert.Equal(AgentHealth.Suspect, detector.HealthOf("a1", Start + 3000));

        detector.Heard("a1", Start + 3000);

        Assert.Equal(AgentHealth.Alive, detector.HealthOf("a1", Start + 3000));
        Assert.Equal(Start + 3000, detector.LastHeard("a1"));
    }

    [Fact]
    public void A_late_delivered_older_heartbeat_does_not_move_last_heard_back()
    {
        var detector = Leading();
        detector.Heard("a1", Start + 4000);

        detector.Heard("a1", Start + 1000);

        Assert.Equal(Start + 4000, detector.LastHeard("a1"));
    }

    [Fact]
    public void A_new_leadership_counts_every_agent_as_heard_at_its_start()
    {
        var detector = Leading();
        detector.Heard("a1", Start);
        var takeover = Start + 60_000;

        detector.LeadershipStarted(takeover);

        Assert.Equal(takeover, detector.LastHeard("a1"));
        Assert.Equal(takeover, detector.LastHeard("never-heard"));
        Assert.Equal(AgentHealth.Alive, detector.HealthOf("a1", takeover + 1000));
        Assert.Equal(AgentHealth.Alive, detector.HealthOf("never-heard", takeover + 1999));
        Assert.Equal(AgentHealth.Lost, detector.HealthOf("never-heard", takeover + 5001));
        Assert.Empty(detector.FindLost([Agent("a1"), Agent("never-heard")], takeover + 4999));
    }

    [Fact]
    public void A_new_leadership_forgets_heartbeats_heard_under_the_old_one()
    {
        var detector = Leading();
        detector.Heard("a1", Start + 50_000);

        detector.LeadershipStarted(Start + 10_000);

        Assert.Equal(Start + 10_000, detector.LastHeard("a1"));
    }

    [Fact]
    public void Find_lost_returns_only_ready_agents_past_the_lost_timeout_in_id_order()
    {
        var detector = Leading();
        var now = Start + 10_000;
        detector.Heard("fresh", now - 100);
        detector.Heard("suspect", now - 3000);
        detector.Heard("silent-b", now - 6000);
        detector.Heard("silent-a", now - 9000);
        detector.Heard("draining", now - 9000);
        detector.Heard("already-lost", now - 9000);
        AgentRecord[] agents =
        [
            Agent("silent-b"), Agent("fresh"), Agent("suspect"), Agent("silent-a"), Agent("draining", draining: true),
            Agent("already-lost", AgentStatus.Lost),
        ];

        var lost = detector.FindLost(agents.OrderBy(a => a.Id, StringComparer.Ordinal), now);

        Assert.Equal(["draining", "silent-a", "silent-b"], lost.Select(a => a.Id));
    }

    [Fact]
    public void Timeouts_must_be_positive_and_ordered()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureDetector(0, 5000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureDetector(-1, 5000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailureDetector(3000, 2000));
        Assert.Equal(2000, new FailureDetector(2000, 2000).LostAfterMs);
    }

    [Fact]
    public void The_detector_is_a_pure_function_of_the_heartbeats_and_the_time_given()
    {
        var first = Leading();
        var second = Leading();
        foreach (var detector in new[] { first, second })
        {
            detector.Heard("a1", Start + 500);
            detector.Heard("a2", Start + 2500);
        }

        for (var t = Start; t < Start + 10_000; t += 250)
        {
            Assert.Equal(first.HealthOf("a1", t), second.HealthOf("a1", t));
            Assert.Equal(first.HealthOf("a2", t), second.HealthOf("a2", t));
        }
    }
}
