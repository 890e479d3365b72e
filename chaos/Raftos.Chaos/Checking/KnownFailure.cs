namespace Raftos.Chaos.Checking;

/// <summary>
/// Failures the suite knows, reports and does not fail a run for, because they are handled and
/// cost no safety: each is counted in the report so that it stays visible.
/// </summary>
public static class KnownFailure
{
    /// <summary>
    /// DotNext 6.12's write-ahead log can fail for good when a follower installs a snapshot
    /// while its background flush still refers to pages the snapshot removed
    /// (MissingPageException). The master logs this line, exits with code 70 and its supervisor
    /// restarts it; it recovers from its disk and its peers.
    /// </summary>
    public const string RaftFailedInsideDotNext = "The Raft node failed inside DotNext";

    /// <summary>The exception message of that failure, as requests that met it log it.</summary>
    public const string MissingWalPage = "doesn't exist on the disk";
}
