using System.Diagnostics.CodeAnalysis;
using System.Net;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Raftos.Master.Raft;

/// <summary>
/// One master's Raft node: the write-ahead log in its data directory, the state machine,
/// the durable membership, and DotNext's <see cref="RaftCluster"/> over TCP. Started and
/// stopped with the host.
/// </summary>
[SuppressMessage("Usage", "DOTNEXT001", Justification = "WriteAheadLog is the 6.x log API")]
public sealed partial class RaftNode : IHostedService, IAsyncDisposable
{
    /// <summary>Metadata key under which each master publishes its id.</summary>
    public const string MetadataId = "raftos.id";

    /// <summary>Metadata key under which each master publishes its HTTP URL.</summary>
    public const string MetadataHttp = "raftos.http";

    private readonly MasterOptions options;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private MembershipStorage? membership;
    private WriteAheadLog? wal;
    private RaftCluster? cluster;
    private BatchedReads? batchedReads;

    /// <summary>Creates the node; nothing touches disk or network until <see cref="StartAsync"/>.</summary>
    public RaftNode(IOptions<MasterOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<RaftNode>();
        RaftEndPoint = EndPoints.Parse(this.options.RaftAddress, "Master:RaftAddress");
        Events = new Events.EventRing(this.options.EventsKeptMax);
    }

    /// <summary>This master's Raft endpoint.</summary>
    public IPEndPoint RaftEndPoint { get; }

    /// <summary>This master's settings.</summary>
    public MasterOptions Options => options;

    /// <summary>The state machine; readable once started.</summary>
    internal ClusterStateMachine StateMachine { get; private set; } = null!;

    /// <summary>Signals every applied entry.</summary>
    public StateChanges Changes { get; } = new();

    /// <summary>Each agent's latest applied record, and a signal per agent when it changes.</summary>
    public AgentChanges AgentChanges { get; } = new();

    /// <summary>The recent events derived from the applied entries (GET /v1/events).</summary>
    public Events.EventRing Events { get; private set; } = null!;

    /// <summary>
    /// Waits until this master has applied <paramref name="index"/>: a write acknowledged by the
    /// leader may not have reached a follower's state yet. False when it did not within the read timeout.
    /// </summary>
    public async Task<bool> WaitForAppliedAsync(long index, CancellationToken token)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(options.ReadTimeout);
        try
        {
            while (true)
            {
                var changed = Changes.Next;
                if (AppliedIndex >= index)
                    return true;
                await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs <paramref name="read"/> against a consistent local state.</summary>
    public T Read<T>(Func<Core.State.ClusterState, T> read) => StateMachine.Read(read);

    /// <summary>
    /// Runs <paramref name="read"/> against a consistent local state together with the other
    /// reads queued meanwhile (see <see cref="BatchedReads"/>): for requests that come by the
    /// thousand, such as the agents' long polls, and must not each hold a thread while an
    /// apply or the scheduler has the state.
    /// </summary>
    public Task<T> ReadBatchedAsync<T>(Func<Core.State.ClusterState, T> read, CancellationToken token)
        => batchedReads is { } reads ? reads.ReadAsync(read, token) : Task.FromResult(Read(read));

    /// <summary>The DotNext cluster; null until started.</summary>
    public RaftCluster? Cluster => cluster;

    /// <summary>Whether this node currently leads.</summary>
    public bool IsLeader => cluster is { } c && !c.LeadershipToken.IsCancellationRequested;

    /// <summary>Whether this master is in the Raft configuration (false while joining and after removal).</summary>
    public bool IsVoter => cluster?.Members.Any(m => !m.IsRemote) ?? false;

    /// <summary>The current term, or 0 before start.</summary>
    public long Term => cluster?.Term ?? 0;

    /// <summary>Index of the last committed log entry.</summary>
    public long CommitIndex => wal?.LastCommittedEntryIndex ?? 0;

    /// <summary>
    /// Index of the last applied log entry. The log skips entries without payload (a new
    /// leader's no-op) when calling the state machine, so it, not the state machine, knows.
    /// </summary>
    public long AppliedIndex => Math.Max(wal?.LastAppliedIndex ?? 0, StateMachine?.AppliedIndex ?? 0);

    /// <summary>Index of the last log entry written locally.</summary>
    public long LastIndex => wal?.LastEntryIndex ?? 0;

    private long leadingTerm;

    /// <summary>Raised when the leader changes (null: no leader known).</summary>
    public event Action<RaftClusterMember?>? LeaderChanged;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateDirectory(Path.GetFullPath(options.DataDir));

        membership = new MembershipStorage(Path.Combine(dataDir.FullName, DataDirectory.Membership));
        var peers = options.Peers.Select(p => (IPEndPoint)EndPoints.Parse(p, "Master:Peers")).ToArray();
        if (await membership.SeedIfEmptyAsync(peers, cancellationToken).ConfigureAwait(false))
            LogBootstrapped(logger, peers.Length);

        StateMachine = new ClusterStateMachine(
            new DirectoryInfo(Path.Combine(dataDir.FullName, DataDirectory.Snapshots)),
            options.SnapshotEveryEntries,
            AgentChanges,
            Events,
            loggerFactory.CreateLogger<ClusterStateMachine>());
        StateMachine.Applied += _ => Changes.Notify();
        await StateMachine.RestoreAsync(cancellationToken).ConfigureAwait(false);
        batchedReads = new BatchedReads(StateMachine);

        wal = new WriteAheadLog(
            new WriteAheadLog.Options
            {
                Location = Path.Combine(dataDir.FullName, DataDirectory.Wal),
                ChunkSize = options.WalChunkBytes,
                HashAlgorithm = WalIntegrity.Resolve(dataDir.FullName),
                MemoryManagement = options.WalPrivateMemory
                    ? WriteAheadLog.MemoryManagementStrategy.PrivateMemory
                    : WriteAheadLog.MemoryManagementStrategy.SharedMemory,
            },
            StateMachine);

        var configuration = new RaftCluster.TcpConfiguration(RaftEndPoint)
        {
            ColdStart = false,
            LowerElectionTimeout = options.ElectionTimeoutLowerMs,
            UpperElectionTimeout = options.ElectionTimeoutUpperMs,
            RequestTimeout = TimeSpan.FromMilliseconds(options.ElectionTimeoutUpperMs * 2),
            ConnectTimeout = TimeSpan.FromMilliseconds(options.ElectionTimeoutLowerMs),
            TransmissionBlockSize = 65536,
            ConfigurationStorage = membership,
            LoggerFactory = loggerFactory,
        };
        configuration.Metadata[MetadataId] = options.NodeId;
        configuration.Metadata[MetadataHttp] = options.HttpAddress;

        cluster = new RaftCluster(configuration) { AuditTrail = wal };
        cluster.LeaderChanged += OnLeaderChanged;
        try
        {
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WriteAheadLog.HashMismatchException e)
        {
            // Replaying a damaged log could apply garbage, and dropping the damaged tail could
            // forget entries this master acknowledged to a quorum: neither is safe. It rejoins
            // as a new, empty member instead and copies the state from the others.
            throw new InvalidDataException(
                $"the write-ahead log in {Path.Combine(dataDir.FullName, DataDirectory.Wal)} failed its checksum: it was damaged on disk and cannot be trusted. "
                + $"Remove this master (raftos cluster masters remove {options.NodeId}), delete {dataDir.FullName}, start it without --peers, "
                + $"and add it back (raftos cluster masters add {options.NodeId} --raft {options.RaftAddress} --http {options.HttpAddress})", e);
        }
        LogStarted(logger, options.NodeId, options.RaftAddress, wal.LastCommittedEntryIndex, StateMachine.AppliedIndex);
    }

    private void OnLeaderChanged(ICluster sender, IClusterMember? leader)
    {
        var member = leader as RaftClusterMember;
        if (member is null)
        {
            LogNoLeader(logger);
        }
        else
        {
            // The term this node won, taken as it becomes leader: afterwards Term may move on
            // (a higher term seen) a moment before leadership ends, so Term alone would
            // misreport which term this node led.
            if (!member.IsRemote)
                Interlocked.Exchange(ref leadingTerm, sender is RaftCluster raft ? raft.Term : 0);
            LogLeader(logger, EndPoints.Format(member.EndPoint), member.IsRemote ? "remote" : "this node");
            Metrics.RaftosMetrics.RaftLeaderChanges.Inc();
        }

        LeaderChanged?.Invoke(member);
    }

    /// <summary>The term in which this node was elected, while it leads; null otherwise.</summary>
    public long? LeadingTerm => IsLeader && Interlocked.Read(ref leadingTerm) is var term && term > 0 ? term : null;

    /// <summary>The current leader, if one is known.</summary>
    public RaftClusterMember? Leader => cluster?.Leader;

    /// <summary>Waits up to <paramref name="timeout"/> for a leader to be known.</summary>
    public async Task<RaftClusterMember?> WaitForLeaderAsync(TimeSpan timeout, CancellationToken token)
    {
        if (cluster is null)
            return null;
        try
        {
            return (RaftClusterMember?)await ((ICluster)cluster).WaitForLeaderAsync(timeout, token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            cluster.LeaderChanged -= OnLeaderChanged;
            await cluster.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
            await cluster.DisposeAsync().ConfigureAwait(false);
        if (wal is not null)
            await wal.DisposeAsync().ConfigureAwait(false);
        if (batchedReads is not null)
            await batchedReads.DisposeAsync().ConfigureAwait(false);
        if (StateMachine is not null)
            await StateMachine.DisposeAsync().ConfigureAwait(false);
        membership?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "New data directory: bootstrapped membership with {Count} masters")]
    private static partial void LogBootstrapped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Master {NodeId} started on Raft {RaftAddress}; commit index {CommitIndex}, applied index {AppliedIndex}")]
    private static partial void LogStarted(ILogger logger, string nodeId, string raftAddress, long commitIndex, long appliedIndex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leader is {Leader} ({Where})")]
    private static partial void LogLeader(ILogger logger, string leader, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No leader")]
    private static partial void LogNoLeader(ILogger logger);
}
