using System.Globalization;

namespace Raftos.Agent.Resources;

/// <summary>The machine's CPU time from the "cpu" line of /proc/stat, summed over all CPUs, in clock ticks.</summary>
/// <param name="Busy">Time not idle: user, nice, system, irq, softirq, steal.</param>
/// <param name="Total">Busy plus idle and iowait.</param>
/// <param name="Cpus">How many "cpuN" lines there are: the CPUs the totals are summed over.</param>
internal readonly record struct CpuTimes(long Busy, long Total, int Cpus)
{
    /// <summary>Reads /proc/stat.</summary>
    /// <exception cref="IOException">/proc/stat is missing or has no "cpu" line.</exception>
    public static CpuTimes Read() =>
        Parse(File.ReadAllText("/proc/stat")) ?? throw new IOException("/proc/stat has no cpu line");

    /// <summary>Parses a /proc/stat text; null without an aggregate "cpu" line.</summary>
    public static CpuTimes? Parse(string text)
    {
        CpuTimes? times = null;
        var cpus = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !fields[0].StartsWith("cpu", StringComparison.Ordinal))
                continue;
            if (fields[0].Length > 3)
            {
                cpus++;
                continue;
            }

            // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user and nice.
            var values = new long[8];
            for (var i = 0; i < values.Length && i + 1 < fields.Length; i++)
            {
                if (!long.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                    return null;
            }

            var idle = values[3] + values[4];
            var total = values.Sum();
            times = new CpuTimes(total - idle, total, 0);
        }

        return times is { } t ? t with { Cpus = Math.Max(1, cpus) } : null;
    }
}
