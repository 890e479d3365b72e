using System.Diagnostics.CodeAnalysis;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Prometheus;
using Raftos.Core;
using Raftos.Core.State;

namespace Raftos.Master.Raft;

/// <summary>
/// The adapter between DotNext's log and the pure core: decodes each entry, applies it to
/// <see cref="ClusterState"/>, and snapshots every N entries. Readers take a short lock;
/// apply is never concurrent with itself (DotNext guarantees it). Agents whose record an entry
/// changed are published to <paramref name="agentChanges"/>, and the entry's events appended to
/// <paramref name="events"/>, before the entry counts as applied.
/// </summary>
[SuppressMessage("Usage", "DOTNEXT001", Justification = "SimpleStateMachine is the 6.x state machine API")]
internal sealed partial class ClusterStateMachine(DirectoryInfo location, int snapshotEveryEntries, AgentChanges agentChanges, Events.EventRing events, ILogger logger)
    : SimpleStateMachine(location)
{
    private readonly Lock gate = new();
    private ClusterState state = new();
    private long entriesSinceSnapshot;
    private long appliedIndex;

    /// <summary>Raised after each applied entry with its index (blocking queries and watches hang off this).</summary>
    public event Action<long>? Applied;

    /// <summary>Index of the last applied entry, readable without the lock.</summary>
    public long AppliedIndex => Volatile.Read(ref appliedIndex);

    /// <summary>Runs <paramref name="read"/> against a consistent state.</summary>
    public T Read<T>(Func<ClusterState, T> read)
    {
        lock (gate)
            return read(state);
    }

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        using var timing = Metrics.RaftosMetrics.RaftApplyDuration.NewTimer();
        if (entry.IsConfiguration || entry.Length is 0 || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            // No-op entries of a new term and membership changes carry no commands.
            lock (gate)
                state.Advance(entry.Index);
            events.Append(entry.Index, []);
        }
        else
        {
            var batch = RaftosSerializer.DecodeBatch(payload);
            IReadOnlyList<Core.Commands.CommandResult> results;
            List<Events.EntryEvents.Pending> changes;
            lock (gate)
            {
                var mastersBefore = batch.Commands.Any(c => c is Core.Commands.RegisterMaster or Core.Commands.RemoveMaster) ? state.Masters.All.ToList() : null;
                results = state.Apply(batch, entry.Index);
                var agents = state.Fleet.Agents;
                var touched = new List<(Core.Agents.AgentRecord?, Core.Agents.AgentRecord)>();
                agents.DrainTouched(id =>
                {
                    var after = agents.Get(id)!;
                    touched.Add((agentChanges.Latest(id), after));
                    agentChanges.Changed(after);
                });
                changes = Events.EntryEvents.Collect(state, entry.Index, touched, mastersBefore);
            }

            events.Append(entry.Index, Events.EntryEvents.Serialize(entry.Index, changes));

            (entry.Context as PendingBatch)?.Complete(results);
        }

        Volatile.Write(ref appliedIndex, entry.Index);
        Applied?.Invoke(entry.Index);

        if (++entriesSinceSnapshot < snapshotEveryEntries)
            return ValueTask.FromResult(false);
        entriesSinceSnapshot = 0;
        return ValueTask.FromResult(true);
    }

    // DotNext calls this on a background task and makes the next apply wait for it, so the
    // state here is exactly the state at the snapshot's index.
    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token)
    {
        byte[] bytes;
        lock (gate)
            bytes = RaftosSerializer.Encode(state.ToSnapshot());
        LogSnapshotWritten(logger, state.AppliedIndex, bytes.Length);
        Metrics.RaftosMetrics.RaftSnapshots.Inc();
        return writer.Invoke(bytes, token);
    }

    protected override async ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token)
    {
        var bytes = await File.ReadAllBytesAsync(snapshotFile.FullName, token).ConfigureAwait(false);
        var restored = ClusterState.FromSnapshot(RaftosSerializer.DecodeSnapshot(bytes));
        lock (gate)
        {
            state = restored;
            agentChanges.Reset(restored.Fleet.Agents.All);
        }

        events.Restart(restored.AppliedIndex);
        Volatile.Write(ref appliedIndex, restored.AppliedIndex);
        entriesSinceSnapshot = 0;
        LogSnapshotRestored(logger, restored.AppliedIndex, bytes.Length, snapshotFile.Name);
        Applied?.Invoke(restored.AppliedIndex);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot written at index {Index} ({Bytes} bytes)")]
    private static partial void LogSnapshotWritten(ILogger logger, long index, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "State restored from snapshot {File} at index {Index} ({Bytes} bytes)")]
    private static partial void LogSnapshotRestored(ILogger logger, long index, int bytes, string file);
}
