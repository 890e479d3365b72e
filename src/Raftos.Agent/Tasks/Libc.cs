using System.Runtime.InteropServices;

namespace Raftos.Agent.Tasks;

/// <summary>The few libc calls .NET has no managed form for: signalling a process group, the clock tick rate, execute permission.</summary>
internal static partial class Libc
{
    /// <summary>SIGKILL: cannot be caught or ignored.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM: asks politely.</summary>
    public const int SigTerm = 15;

    private const int ScClkTck = 2;
    private const int ExecuteOk = 1;
    private const int DefaultClockTicks = 100;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="pgid"/>; false if the group no longer exists.</summary>
    public static bool SignalGroup(int pgid, int signal)
    {
        // kill(2) reads a negative pid as a process group; 0 and 1 would address the caller's own group or every process.
        if (pgid <= 1)
            throw new ArgumentOutOfRangeException(nameof(pgid), pgid, "not a task's process group");
        return Kill(-pgid, signal) == 0;
    }

    /// <summary>Clock ticks per second, the unit of utime and stime in /proc/{pid}/stat.</summary>
    public static int ClockTicksPerSecond()
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? (int)ticks : DefaultClockTicks;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Linux has used 100 for USER_HZ on every architecture for decades.
            return DefaultClockTicks;
        }
    }

    /// <summary>Whether this process may execute <paramref name="path"/> (root needs at least one execute bit).</summary>
    public static bool IsExecutable(string path) => Access(path, ExecuteOk) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SysConf(int name);

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
