using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Raftos.Chaos.Network;

/// <summary>The two libc calls behind entering a network namespace, which .NET has no managed form for.</summary>
internal static partial class NetnsCalls
{
    /// <summary>The namespace type setns(2) is asked to switch: only the network namespace.</summary>
    private const int CloneNewNet = 0x40000000;

    private const int OpenReadOnly = 0;

    // The same value on x86-64 and arm64; the descriptor must not leak into the masters and agents we spawn.
    private const int OpenCloseOnExec = 0x80000;

    /// <summary>Opens a namespace file (/run/netns/NAME, /proc/thread-self/ns/net) for <see cref="Enter"/>.</summary>
    public static SafeFileHandle Open(string path)
    {
        var fd = NativeOpen(path, OpenReadOnly | OpenCloseOnExec);
        if (fd < 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {path}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>
    /// Moves the calling OS thread, and only it, into the network namespace of <paramref name="handle"/>.
    /// Sockets the thread creates afterwards belong to that namespace for their whole life.
    /// </summary>
    public static void Enter(SafeFileHandle handle, string what)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (NativeSetns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {what}");
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int NativeSetns(int fd, int nstype);
}
