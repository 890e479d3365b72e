using System.Globalization;
using System.Net;
using MessagePack;
using Raftos.Core;
using Raftos.Core.State;

namespace Raftos.Master.Raft;

/// <summary>
/// Creates a new master data directory from a snapshot (<c>raftos snapshot restore</c>), from
/// which <c>raftos master</c> starts a new cluster holding the snapshot's state.
/// </summary>
/// <remarks>
/// The directory holds what a master that compacted its log into that snapshot would hold:
/// the snapshot where the state machine looks for it, named with its applied index and term
/// 0, an empty write-ahead log, and the membership. DotNext's log starts its indexes at the
/// newest snapshot's index, so the new cluster's first entry (the leader's no-op) comes
/// right after the restored applied index, and a follower added later that lacks that prefix
/// is sent the snapshot. Term 0 is below every term the new cluster will elect, so the
/// log's terms never decrease. The old cluster's master records are dropped: they name
/// masters that are not members of the new cluster, and every master records itself once it
/// runs. The state is otherwise the snapshot's, byte for byte the same for every master
/// restored from one file, as replicas must be.
/// </remarks>
public static class SnapshotRestore
{
    // The log term of the restored snapshot; see the remarks.
    private const long SnapshotTerm = 0;

    /// <summary>Decodes <paramref name="bytes"/>; <see cref="InvalidDataException"/> when they are not a snapshot this build can restore.</summary>
    public static ClusterSnapshot Decode(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return ClusterState.FromSnapshot(RaftosSerializer.DecodeSnapshot(bytes)).ToSnapshot();
        }
        catch (Exception e) when (e is MessagePackSerializationException or NotSupportedException or InvariantViolationException or ArgumentException)
        {
            throw new InvalidDataException($"not a Raftos snapshot ({e.Message})", e);
        }
    }

    /// <summary>
    /// Writes a new data directory at <paramref name="dataDir"/> from the snapshot in
    /// <paramref name="bytes"/>, with <paramref name="members"/> (Raft endpoints) as the new
    /// cluster's masters. Refuses a directory that exists and is not empty. The directory is
    /// built beside its place and moved there when complete, so a failure leaves nothing behind.
    /// </summary>
    /// <returns>The state restored.</returns>
    public static async Task<ClusterSnapshot> RestoreAsync(ReadOnlyMemory<byte> bytes, string dataDir, IReadOnlyList<string> members, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        if (members.Count == 0)
            throw new ArgumentException("the new cluster needs at least one master");
        var endpoints = members.Select(m => EndPoints.Parse(m, "--peers")).ToArray();
        var target = Path.GetFullPath(dataDir);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"{target} is not empty: restore creates a new data directory");
        var snapshot = Decode(bytes) with { Masters = [] };

        var building = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.restoring-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        if (Directory.Exists(building))
            Directory.Delete(building, recursive: true);
        try
        {
            await WriteAsync(snapshot, building, endpoints, token).ConfigureAwait(false);
            if (Directory.Exists(target))
                Directory.Delete(target);
            Directory.Move(building, target);
        }
        finally
        {
            if (Directory.Exists(building))
                Directory.Delete(building, recursive: true);
        }

        return snapshot;
    }

    private static async Task WriteAsync(ClusterSnapshot snapshot, string dir, IReadOnlyCollection<IPEndPoint> members, CancellationToken token)
    {
        var snapshots = Directory.CreateDirectory(Path.Combine(dir, DataDirectory.Snapshots));
        Directory.CreateDirectory(Path.Combine(dir, DataDirectory.Wal));

        // Written outside snapshots/ first: the state machine reads every file there as a snapshot.
        var temporary = Path.Combine(dir, "snapshot.partial");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(RaftosSerializer.Encode(snapshot), token).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{snapshot.AppliedIndex}-{SnapshotTerm}");
        File.Move(temporary, Path.Combine(snapshots.FullName, name));

        using var membership = new MembershipStorage(Path.Combine(dir, DataDirectory.Membership));
        if (!await membership.SeedIfEmptyAsync(members, token).ConfigureAwait(false))
            throw new IOException($"could not write the membership in {dir}");
    }
}
