namespace Raftos.Chaos.Faults;

/// <summary>Damages a stopped master's write-ahead log as a failing disk would: one flipped bit in written data, or a torn tail.</summary>
public static class WalDamage
{
    /// <summary>Damages the newest data file under <paramref name="dataDir"/>/wal/data; returns what was done, or null if there was nothing to damage.</summary>
    public static string? Apply(string dataDir, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var data = Path.Combine(dataDir, "wal", "data");
        if (!Directory.Exists(data))
            return null;
        var newest = Directory.EnumerateFiles(data).OrderByDescending(f => long.TryParse(Path.GetFileName(f), out var n) ? n : -1).FirstOrDefault();
        if (newest is null)
            return null;
        using var file = new FileStream(newest, FileMode.Open, FileAccess.ReadWrite);
        var written = WrittenLength(file);
        if (written == 0)
            return null;
        var name = $"wal/data/{Path.GetFileName(newest)}";
        if (random.Next(2) == 0)
        {
            // A bit flipped in the last tenth of what was written: the entries most likely not yet in a snapshot.
            var offset = written - 1 - random.NextInt64(Math.Max(1, written / 10));
            file.Position = offset;
            var original = file.ReadByte();
            var bit = 1 << random.Next(8);
            file.Position = offset;
            file.WriteByte((byte)(original ^ bit));
            file.Flush(flushToDisk: true);
            return $"flipped bit {bit} at byte {offset} of {name}";
        }

        // A torn write: the tail of what was written is lost, as the file's length is kept (preallocated), zeroed.
        var cut = written - 1 - random.NextInt64(Math.Max(1, written / 10));
        file.Position = cut;
        file.Write(new byte[written - cut]);
        file.Flush(flushToDisk: true);
        return $"zeroed bytes {cut}..{written} (a torn tail) of {name}";
    }

    // The data files are preallocated: what was written ends at the last non-zero byte.
    private static long WrittenLength(FileStream file)
    {
        var buffer = new byte[64 * 1024];
        for (var end = file.Length; end > 0;)
        {
            var size = (int)Math.Min(buffer.Length, end);
            file.Position = end - size;
            file.ReadExactly(buffer, 0, size);
            for (var i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != 0)
                    return end - size + i + 1;
            }

            end -= size;
        }

        return 0;
    }
}
