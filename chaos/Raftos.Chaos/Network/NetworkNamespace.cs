using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Win32.SafeHandles;

namespace Raftos.Chaos.Network;

/// <summary>
/// A named Linux network namespace (as <c>ip netns</c> makes them) with only a loopback interface, up.
/// A node run inside it (<c>ip netns exec NAME ...</c>) sees 127.0.0.1 as its own, and reaches other nodes
/// only through whatever listens in it on their ports: the fault proxies.
/// </summary>
/// <remarks>
/// Sockets for the namespace are created on a dedicated thread that entered it with setns(2). A socket belongs to
/// the namespace it was created in for its whole life, so binding, accepting, connecting and I/O on it may then
/// happen from any thread. Needs root (CAP_SYS_ADMIN); see <see cref="IsSupported"/>.
/// </remarks>
public sealed partial class NetworkNamespace : IDisposable
{
    private const string NamespaceDirectory = "/run/netns";

    private static int s_probes;

    private readonly SafeFileHandle _handle;
    private readonly NamespaceThread _thread;
    private int _disposed;

    private NetworkNamespace(string name, SafeFileHandle handle, NamespaceThread thread)
    {
        Name = name;
        _handle = handle;
        _thread = thread;
    }

    /// <summary>The name under /run/netns, as <c>ip netns exec</c> takes it.</summary>
    public string Name { get; }

    /// <summary>
    /// Creates namespace <paramref name="name"/> with loopback up, replacing a stale one of that name left by a
    /// crashed run. Keep names short and unique per run, e.g. <c>raftos-chaos-RUNID-m1</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>ip</c> failed, typically because the process is not root.</exception>
    public static NetworkNamespace Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ValidName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a usable namespace name (letters, digits, '_', then also '.', '-'; at most 64).", nameof(name));

        DeleteIfExists(name);
        IpCommand.Run("netns", "add", name);

        SafeFileHandle? handle = null;
        try
        {
            // A new namespace's loopback is down: nothing, not even 127.0.0.1, would be reachable inside it.
            IpCommand.Run("-n", name, "link", "set", "lo", "up");
            handle = NetnsCalls.Open(PathOf(name));
            return new NetworkNamespace(name, handle, new NamespaceThread(handle, name));
        }
        catch
        {
            handle?.Dispose();
            IpCommand.TryRun("netns", "del", name);
            throw;
        }
    }

    /// <summary>Deletes namespace <paramref name="name"/> if there is one, e.g. left behind by a run that was killed.</summary>
    /// <exception cref="InvalidOperationException"><c>ip netns del</c> failed.</exception>
    public static void DeleteIfExists(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ValidName().IsMatch(name) && File.Exists(PathOf(name)))
            IpCommand.Run("netns", "del", name);
    }

    /// <summary>
    /// Whether this machine can run the network layer: Linux, root, a working <c>ip netns add</c>/<c>del</c>, and a
    /// thread able to enter the namespace. Creates and deletes a throwaway namespace to find out.
    /// </summary>
    /// <param name="reason">Why not (empty when supported), phrased for a test or CLI failure message.</param>
    public static bool IsSupported(out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "network namespaces are Linux only";
            return false;
        }
        if (!Environment.IsPrivilegedProcess)
        {
            reason = "the chaos network layer needs root (CAP_SYS_ADMIN) for `ip netns` and setns(2); run the chaos suite as root";
            return false;
        }

        try
        {
            // Unique per call: Create replaces a namespace of the same name, which may be a concurrent probe's.
            using var probe = Create($"raftos-probe-{Environment.ProcessId}-{Interlocked.Increment(ref s_probes)}");
            using var socket = probe.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or SocketException or IOException)
        {
            reason = $"cannot create and enter a network namespace: {e.Message}";
            return false;
        }

        reason = "";
        return true;
    }

    /// <summary>Runs <paramref name="work"/> on a thread inside this namespace and returns its result. Work must be synchronous.</summary>
    public T Run<T>(Func<T> work) => RunAsync(work).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="work"/> on a thread inside this namespace. Work must be synchronous (anything after an
    /// await inside it would run outside the namespace); the returned task's continuations run outside it too.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _thread.RunAsync(work);
    }

    /// <summary>Creates a socket that belongs to this namespace.</summary>
    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        Run(() => new Socket(family, type, protocol));

    /// <summary>Creates a socket that belongs to this namespace, without blocking the caller on the namespace thread.</summary>
    public Task<Socket> CreateSocketAsync(AddressFamily family, SocketType type, ProtocolType protocol) =>
        RunAsync(() => new Socket(family, type, protocol));

    /// <summary>Creates a TCP socket in this namespace listening on <paramref name="endpoint"/> (port 0: any free port).</summary>
    public Socket Listen(IPEndPoint endpoint, int backlog = 512)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Run(() => ListenHere(endpoint, backlog));
    }

    /// <summary>Deletes the namespace (best effort: a failure here must not hide the failure that ended the run).</summary>
    /// <remarks>Processes still running inside keep it alive, unnamed, until they exit; stop them first.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _thread.Dispose();
        _handle.Dispose();
        IpCommand.TryRun("netns", "del", Name);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Creates a TCP socket listening on <paramref name="endpoint"/> in the calling thread's namespace.</summary>
    internal static Socket ListenHere(IPEndPoint endpoint, int backlog)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A proxy restarted on the same port must not wait out TIME_WAIT of the connections it just reset.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string PathOf(string name) => Path.Combine(NamespaceDirectory, name);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex ValidName();
}
