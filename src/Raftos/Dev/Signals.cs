using System.Runtime.InteropServices;

namespace Raftos.Dev;

/// <summary>POSIX signals for child processes (SIGTERM for a graceful stop; .NET's Kill is SIGKILL).</summary>
public static partial class Signals
{
    /// <summary>SIGINT: what Ctrl-C sends.</summary>
    public const int Interrupt = 2;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGSTOP: the process is paused, as by a long GC pause or a hung machine.</summary>
    public const int Stop = 19;

    /// <summary>SIGCONT: a paused process resumes.</summary>
    public const int Continue = 18;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is gone.</summary>
    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
