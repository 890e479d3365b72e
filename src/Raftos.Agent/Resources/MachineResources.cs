using Raftos.Core;

namespace Raftos.Agent.Resources;

/// <summary>What this machine has to offer.</summary>
public static class MachineResources
{
    /// <summary>
    /// The machine's CPU (<see cref="Environment.ProcessorCount"/> × 1000 millicores: the CPUs this
    /// process may run on, within any CPU quota), memory (MemTotal of /proc/meminfo) and disk
    /// (the capacity, free and used, of the filesystem holding <paramref name="dataDir"/>, where
    /// task directories live; 0 when it cannot be read).
    /// </summary>
    /// <exception cref="IOException">/proc/meminfo cannot be read.</exception>
    public static MachineAmounts Detect(string dataDir) =>
        new(Environment.ProcessorCount * 1000, ToMegabytes(MemInfo.Read().TotalKb), DiskMb(dataDir));

    internal static int ToMegabytes(long kb) => (int)Math.Min(int.MaxValue, kb / 1024);

    private static long DiskMb(string dataDir)
    {
        try
        {
            return Math.Min(Limits.ResourceAmountMax, new DriveInfo(dataDir).TotalSize / (1024 * 1024));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }
}
