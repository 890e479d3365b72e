namespace Raftos.Bench;

/// <summary>Timing knobs of a failover trial.</summary>
/// <param name="RequestTimeout">Per-put timeout; short, so a put stuck on a dead or leaderless member is abandoned quickly.</param>
/// <param name="Settle">How long the writer runs against the healthy cluster before the kill.</param>
/// <param name="LeaderWait">How long to wait for the cluster to accept puts and to name a leader before the kill.</param>
/// <param name="MaxWait">How long after the kill to wait for a successful put before calling the trial failed.</param>
/// <param name="ValueSize">Bytes per put value.</param>
internal sealed record FailoverSettings(
    TimeSpan RequestTimeout,
    TimeSpan Settle,
    TimeSpan LeaderWait,
    TimeSpan MaxWait,
    int ValueSize);
