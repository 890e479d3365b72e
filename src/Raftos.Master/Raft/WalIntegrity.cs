using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Raftos.Master.Raft;

/// <summary>
/// Which checksum guards each write-ahead log entry. A new data directory gets XxHash3, so an
/// entry damaged on disk (a flipped bit, a torn write) is refused when read instead of being
/// applied. DotNext cannot change the algorithm of an existing log, so the choice is recorded
/// beside it, and a data directory from before checksums keeps none.
/// </summary>
internal static class WalIntegrity
{
    private const string MarkerFile = "wal-integrity";

    /// <summary>The algorithm of the log in <paramref name="dataDir"/>, choosing (and recording) one for a new log.</summary>
    public static WriteAheadLog.IntegrityHashAlgorithm Resolve(string dataDir)
    {
        var marker = Path.Combine(dataDir, MarkerFile);
        if (File.Exists(marker))
        {
            var recorded = File.ReadAllText(marker).Trim();
            return Enum.TryParse<WriteAheadLog.IntegrityHashAlgorithm>(recorded, ignoreCase: false, out var algorithm)
                ? algorithm
                : throw new InvalidDataException($"{marker} names '{recorded}', not a write-ahead log checksum this version knows");
        }

        var wal = Path.Combine(dataDir, DataDirectory.Wal);
        var chosen = Directory.Exists(wal) && Directory.EnumerateFileSystemEntries(wal).Any()
            ? WriteAheadLog.IntegrityHashAlgorithm.None
            : WriteAheadLog.IntegrityHashAlgorithm.XxHash3;
        var temporary = marker + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(chosen.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, marker, overwrite: true);
        return chosen;
    }
}
