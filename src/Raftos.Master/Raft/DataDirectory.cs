namespace Raftos.Master.Raft;

/// <summary>The layout of a master's data directory.</summary>
internal static class DataDirectory
{
    /// <summary>The Raft membership (<see cref="MembershipStorage"/>).</summary>
    public const string Membership = "membership";

    /// <summary>State machine snapshots, one file per snapshot named <c>{index}-{term}</c>.</summary>
    public const string Snapshots = "snapshots";

    /// <summary>The write-ahead log.</summary>
    public const string Wal = "wal";
}
