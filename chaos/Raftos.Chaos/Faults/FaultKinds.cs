namespace Raftos.Chaos.Faults;

/// <summary>The faults a run can inject, by name.</summary>
public static class FaultKinds
{
    /// <summary>SIGKILL the leader, restart it after the hold.</summary>
    public const string KillLeader = "kill-leader";

    /// <summary>SIGKILL a random master, restart it after the hold.</summary>
    public const string KillRandom = "kill-random";

    /// <summary>SIGKILL every master at once, restart them after the hold.</summary>
    public const string KillAll = "kill-all";

    /// <summary>SIGSTOP the leader, SIGCONT after the hold.</summary>
    public const string PauseLeader = "pause-leader";

    /// <summary>SIGSTOP a random master, SIGCONT after the hold.</summary>
    public const string PauseRandom = "pause-random";

    /// <summary>Cut the leader off from the other masters (clients still reach it).</summary>
    public const string IsolateLeader = "isolate-leader";

    /// <summary>Cut a random master off from the other masters.</summary>
    public const string IsolateRandom = "isolate-random";

    /// <summary>Split the masters into a random majority and minority.</summary>
    public const string PartitionHalves = "partition-halves";

    /// <summary>Each master reaches only its neighbours in a ring: overlapping majorities.</summary>
    public const string PartitionRing = "partition-ring";

    /// <summary>The leader cannot reach one follower, which still reaches it.</summary>
    public const string OneWay = "one-way";

    /// <summary>Every link between masters slowed by 50 ms ± 50 ms.</summary>
    public const string Delay = "delay";

    /// <summary>Every link between masters loses half its packets (as TCP stalls).</summary>
    public const string Loss = "loss";

    /// <summary>Every connection between masters reset, again and again.</summary>
    public const string Resets = "resets";

    /// <summary>A follower cut off long enough that it must catch up by snapshot.</summary>
    public const string SnapshotInstall = "snapshot-install";

    /// <summary>Remove a follower from the membership and wipe its disk; at heal it joins again, empty, and catches up.</summary>
    public const string MembershipReplace = "membership-replace";

    /// <summary>SIGKILL a follower, damage its write-ahead log (a flipped bit or a torn tail), restart it: it must recover or refuse to start with a clear message.</summary>
    public const string WalCorrupt = "wal-corrupt";

    /// <summary>SIGKILL an agent (its tasks keep running), restart it after the hold.</summary>
    public const string KillAgent = "kill-agent";

    /// <summary>SIGSTOP an agent, SIGCONT after the hold.</summary>
    public const string PauseAgent = "pause-agent";

    /// <summary>Cut an agent off from every master.</summary>
    public const string PartitionAgent = "partition-agent";

    /// <summary>Every kind, in the order the short suite runs them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        KillLeader, KillRandom, KillAll, PauseLeader, PauseRandom, IsolateLeader, IsolateRandom, PartitionHalves,
        PartitionRing, OneWay, Delay, Loss, Resets, SnapshotInstall, MembershipReplace, WalCorrupt, KillAgent, PauseAgent, PartitionAgent,
    ];

    /// <summary>Kinds that act on agents (the hold must outlast the failure detector).</summary>
    public static bool IsAgentFault(string kind) => kind is KillAgent or PauseAgent or PartitionAgent;
}
