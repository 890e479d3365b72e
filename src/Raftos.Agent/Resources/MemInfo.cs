using System.Globalization;

namespace Raftos.Agent.Resources;

/// <summary>The two lines of /proc/meminfo the probes use.</summary>
/// <param name="TotalKb">MemTotal: usable RAM, in kB.</param>
/// <param name="AvailableKb">MemAvailable: what can be given to new work without swapping, in kB (MemFree on kernels before 3.14).</param>
internal readonly record struct MemInfo(long TotalKb, long AvailableKb)
{
    /// <summary>Reads /proc/meminfo.</summary>
    /// <exception cref="IOException">/proc/meminfo is missing or lacks MemTotal.</exception>
    public static MemInfo Read() =>
        Parse(File.ReadAllText("/proc/meminfo")) ?? throw new IOException("/proc/meminfo has no MemTotal line");

    /// <summary>Parses a /proc/meminfo text ("MemTotal:       24683648 kB" lines); null without MemTotal.</summary>
    public static MemInfo? Parse(string text)
    {
        long? total = null, available = null, free = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            var value = line.AsSpan(colon + 1).Trim();
            if (value.EndsWith("kB", StringComparison.Ordinal))
                value = value[..^2].TrimEnd();
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                continue;
            switch (line[..colon])
            {
                case "MemTotal": total = kb; break;
                case "MemAvailable": available = kb; break;
                case "MemFree": free = kb; break;
            }
        }

        return total is { } t ? new MemInfo(t, Math.Min(t, available ?? free ?? 0)) : null;
    }
}
