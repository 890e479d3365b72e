namespace Raftos.Agent.Resources;

/// <summary>
/// Samples how much of the whole machine is in use, tasks and everything else alike. CPU is
/// measured between samples (the first against the moment of construction); thread-safe.
/// </summary>
public sealed class MachineUsage
{
    private readonly Lock gate = new();
    private CpuTimes previous;
    private int lastCpuMillis;

    /// <summary>Takes the first reading of /proc/stat, which the first <see cref="Sample"/> is measured against.</summary>
    /// <exception cref="IOException">/proc/stat cannot be read.</exception>
    public MachineUsage() => previous = CpuTimes.Read();

    /// <summary>
    /// CPU used since the previous sample, in millicores of the whole machine (busy share of all
    /// CPUs' time × the number of CPUs × 1000), and memory in use (MemTotal − MemAvailable) in MB.
    /// </summary>
    /// <exception cref="IOException">/proc/stat or /proc/meminfo cannot be read.</exception>
    public MachineAmounts Sample()
    {
        var now = CpuTimes.Read();
        var memory = MemInfo.Read();
        lock (gate)
        {
            // Samples closer together than a clock tick see no change; they repeat the last figure.
            if (CpuMillisBetween(previous, now) is { } cpuMillis)
            {
                lastCpuMillis = cpuMillis;
                previous = now;
            }

            return new MachineAmounts(lastCpuMillis, MachineResources.ToMegabytes(memory.TotalKb - memory.AvailableKb));
        }
    }

    /// <summary>Millicores used between two readings; null if no CPU time passed between them.</summary>
    internal static int? CpuMillisBetween(CpuTimes before, CpuTimes after)
    {
        var total = after.Total - before.Total;
        if (total <= 0)
            return null;
        var busy = Math.Clamp(after.Busy - before.Busy, 0, total);
        return (int)Math.Round((double)busy / total * after.Cpus * 1000);
    }
}
