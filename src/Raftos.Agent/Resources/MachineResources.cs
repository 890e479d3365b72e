namespace Raftos.Agent.Resources;

/// <summary>What this machine has to offer.</summary>
public static class MachineResources
{
    /// <summary>
    /// The machine's CPU (<see cref="Environment.ProcessorCount"/> × 1000 millicores: the CPUs this
    /// process may run on, within any CPU quota) and memory (MemTotal of /proc/meminfo).
    /// </summary>
    /// <exception cref="IOException">/proc/meminfo cannot be read.</exception>
    public static MachineAmounts Detect() =>
        new(Environment.ProcessorCount * 1000, ToMegabytes(MemInfo.Read().TotalKb));

    internal static int ToMegabytes(long kb) => (int)Math.Min(int.MaxValue, kb / 1024);
}
