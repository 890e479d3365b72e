namespace Raftos.Master;

/// <summary>
/// Settings of one master. Bound from the "Master" configuration section: defaults here,
/// then appsettings.json or --config, then RAFTOS_MASTER__* environment variables, then flags.
/// </summary>
public sealed class MasterOptions
{
    /// <summary>Stable id of this master, e.g. "m1".</summary>
    public string NodeId { get; set; } = "m1";

    /// <summary>Directory holding the write-ahead log, snapshots and the Raft membership.</summary>
    public string DataDir { get; set; } = "data/m1";

    /// <summary>Raft TCP endpoint, host:port (an IP address).</summary>
    public string RaftAddress { get; set; } = "127.0.0.1:7101";

    /// <summary>Base URL of the HTTP API this master serves.</summary>
    public string HttpAddress { get; set; } = "http://127.0.0.1:8101";

    /// <summary>
    /// Raft endpoints of the initial masters, this one included, used only when the data
    /// directory is new. Empty means "join": start with no membership and wait to be added.
    /// </summary>
    public List<string> Peers { get; set; } = [];

    /// <summary>Console log format: <c>text</c> (default) or <c>json</c>, see <see cref="Core.LogFormat"/>.</summary>
    public string LogFormat { get; set; } = Core.LogFormat.Text;

    /// <summary>Lower bound of the election timeout, in milliseconds.</summary>
    public int ElectionTimeoutLowerMs { get; set; } = 150;

    /// <summary>Upper bound of the election timeout, in milliseconds.</summary>
    public int ElectionTimeoutUpperMs { get; set; } = 300;

    /// <summary>A snapshot is written after this many applied log entries.</summary>
    public int SnapshotEveryEntries { get; set; } = 10_000;

    /// <summary>
    /// Size of one write-ahead log chunk file, in bytes. DotNext's default is one OS page,
    /// which makes a busy log create a file every few entries; 4 MiB keeps that off the
    /// write path while snapshots still free space in useful steps.
    /// </summary>
    public int WalChunkBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Keep unflushed log pages in private memory (true) rather than in the memory-mapped
    /// chunk files (false, DotNext's default). Both are fsynced before a commit.
    /// </summary>
    public bool WalPrivateMemory { get; set; }

    /// <summary>Largest accepted HTTP request body, in bytes.</summary>
    public long RequestBodyBytesMax { get; set; } = 1024 * 1024;

    /// <summary>Writes waiting for replication, beyond which new writes get 503.</summary>
    public int WriteQueueCapacity { get; set; } = 65_536;

    /// <summary>Most commands in one replicated log entry.</summary>
    public int BatchCommandsMax { get; set; } = 1024;

    /// <summary>Most log entries being replicated at once.</summary>
    public int BatchesInFlightMax { get; set; } = 4;

    /// <summary>How long a write may wait for a leader and for commit before failing with 503.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a linearizable read may wait for the read barrier.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often agents heartbeat (told to them at registration).</summary>
    public TimeSpan AgentHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which the leader shows an agent as suspect.</summary>
    public TimeSpan AgentSuspectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Silence after which the leader declares an agent lost and moves its tasks. A new
    /// leader waits this long after taking over before it declares anything lost.
    /// </summary>
    public TimeSpan AgentLostTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most placements in one scheduling round (one log entry).</summary>
    public int PlacementsPerRoundMax { get; set; } = 5000;

    /// <summary>Most recent events kept in memory for GET /v1/events to resume from.</summary>
    public int EventsKeptMax { get; set; } = 100_000;

    /// <summary>How often an idle event stream sends a keep-alive comment.</summary>
    public TimeSpan EventsKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Core.Commands.MasterRules.ValidateId(NodeId) is { } badId)
            throw new ArgumentException($"Master:NodeId: {badId.Detail}");
        if (string.IsNullOrWhiteSpace(DataDir))
            throw new ArgumentException("Master:DataDir is required");
        _ = Raft.EndPoints.Parse(RaftAddress, "Master:RaftAddress");
        if (Core.Commands.MasterRules.ValidateHttpUrl(HttpAddress) is not null)
            throw new ArgumentException($"Master:HttpAddress '{HttpAddress}' is not an absolute http:// URL");
        foreach (var peer in Peers)
            _ = Raft.EndPoints.Parse(peer, "Master:Peers");
        if (Peers.Count > 0 && !Peers.Contains(RaftAddress))
            throw new ArgumentException($"Master:Peers must include this master's own Raft address {RaftAddress}");
        if (Core.LogFormat.Validate(LogFormat, "Master:LogFormat") is { } badFormat)
            throw new ArgumentException(badFormat);
        if (ElectionTimeoutLowerMs < 10 || ElectionTimeoutUpperMs <= ElectionTimeoutLowerMs)
            throw new ArgumentException("Master:ElectionTimeoutLowerMs must be >= 10 and below ElectionTimeoutUpperMs");
        if (WalChunkBytes is < 4096 or > 256 * 1024 * 1024)
            throw new ArgumentException("Master:WalChunkBytes must be between 4 KiB and 256 MiB");
        if (SnapshotEveryEntries < 1)
            throw new ArgumentException("Master:SnapshotEveryEntries must be positive");
        if (RequestBodyBytesMax < 1024)
            throw new ArgumentException("Master:RequestBodyBytesMax must be at least 1024");
        if (WriteQueueCapacity < 1 || BatchCommandsMax < 1 || BatchCommandsMax > Core.Limits.BatchCommandsMax || BatchesInFlightMax < 1)
            throw new ArgumentException($"Master:WriteQueueCapacity, BatchesInFlightMax must be positive and BatchCommandsMax in 1..{Core.Limits.BatchCommandsMax}");
        if (AgentHeartbeatInterval < TimeSpan.FromMilliseconds(50) || AgentSuspectTimeout <= AgentHeartbeatInterval || AgentLostTimeout < AgentSuspectTimeout)
            throw new ArgumentException("Master: AgentHeartbeatInterval (>= 50 ms) < AgentSuspectTimeout <= AgentLostTimeout");
        if (PlacementsPerRoundMax is < 1 or > Core.Scheduling.Scheduler.PlacementsPerRoundLimit)
            throw new ArgumentException($"Master:PlacementsPerRoundMax is 1 to {Core.Scheduling.Scheduler.PlacementsPerRoundLimit}");
        if (EventsKeptMax < 1 || EventsKeepAlive <= TimeSpan.Zero)
            throw new ArgumentException("Master:EventsKeptMax and Master:EventsKeepAlive must be positive");
    }
}
