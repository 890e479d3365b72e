using System.Net;
using System.Net.Sockets;

namespace Raftos.Chaos.Network;

/// <summary>
/// One directed link between two nodes: listens in the source node's namespace on the address the source uses for
/// the destination, and forwards each connection to the same kind of address inside the destination's namespace.
/// Faults can be changed at any time from any thread and apply to the bytes that arrive afterwards.
/// </summary>
/// <remarks>
/// Faults are TCP-level, not packet-level. A cut accepts and immediately resets (RST), so the source sees a
/// connection that fails at once rather than one that hangs. Loss cannot drop bytes from a TCP stream; it is modelled
/// as what loss does to TCP, a retransmission stall: a "lost" chunk is held back an extra 200–1000 ms, and
/// everything behind it waits too. Randomness comes from the seed, per connection and direction, so a run with the
/// same seed and the same traffic draws the same faults.
/// </remarks>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int Backlog = 512;

    private readonly Lock _gate = new();
    // Each open connection and the task pumping it, which DisposeAsync waits for.
    private readonly Dictionary<ProxiedConnection, Task> _open = [];
    private readonly Socket _listener;
    private readonly NetworkNamespace? _dialIn;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private FaultSettings _settings = FaultSettings.Healthy;
    private long _accepted;
    private long _refused;
    private long _resets;
    private long _dialFailures;
    private long _bytesForward;
    private long _bytesBackward;
    private int _disposed;

    private FaultProxy(string name, Socket listener, NetworkNamespace? dialIn, IPEndPoint dialTo, int seed)
    {
        Name = name;
        _listener = listener;
        _dialIn = dialIn;
        DialTo = dialTo;
        Seed = seed;
        ListenEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>A name for logs and the report, e.g. "m1->m2:7102".</summary>
    public string Name { get; }

    /// <summary>Where the proxy listens (in the source namespace), with the actual port if 0 was asked for.</summary>
    public IPEndPoint ListenEndPoint { get; }

    /// <summary>Where each connection is forwarded to (in the destination namespace).</summary>
    public IPEndPoint DialTo { get; }

    /// <summary>The seed the proxy's random draws derive from.</summary>
    public int Seed { get; }

    /// <summary>The faults in force now.</summary>
    public FaultSettings Settings => Volatile.Read(ref _settings);

    /// <summary>Whether the link is cut.</summary>
    public bool IsCut => Settings.IsCut;

    /// <summary>A snapshot of what the proxy has carried and done.</summary>
    public LinkCounters Counters
    {
        get
        {
            int open;
            lock (_gate)
                open = _open.Count;
            return new LinkCounters(
                Interlocked.Read(ref _accepted),
                Interlocked.Read(ref _refused),
                Interlocked.Read(ref _resets),
                Interlocked.Read(ref _dialFailures),
                open,
                Interlocked.Read(ref _bytesForward),
                Interlocked.Read(ref _bytesBackward));
        }
    }

    /// <summary>
    /// Starts a proxy listening at <paramref name="listenAt"/> inside <paramref name="listenIn"/> and forwarding to
    /// <paramref name="dialTo"/> inside <paramref name="dialIn"/>; a null namespace is this process's own (the root
    /// namespace, where the workload's clients run).
    /// </summary>
    public static FaultProxy Start(string name, NetworkNamespace? listenIn, IPEndPoint listenAt, NetworkNamespace? dialIn, IPEndPoint dialTo, int seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(listenAt);
        ArgumentNullException.ThrowIfNull(dialTo);
        var listener = listenIn is null ? NetworkNamespace.ListenHere(listenAt, Backlog) : listenIn.Listen(listenAt, Backlog);
        return new FaultProxy(name, listener, dialIn, dialTo, seed);
    }

    /// <summary>Cuts the link: resets every open connection and resets each new one as soon as it is accepted.</summary>
    public void Cut()
    {
        List<ProxiedConnection> open;
        lock (_gate)
        {
            Volatile.Write(ref _settings, _settings with { IsCut = true });
            open = [.. _open.Keys];
        }
        ResetAll(open);
    }

    /// <summary>Lets new connections through again after <see cref="Cut"/> (delay and loss stay as they were).</summary>
    public void Restore() => Change(s => s with { IsCut = false });

    /// <summary>Holds each chunk for <paramref name="mean"/> ± <paramref name="jitter"/> (uniform) before forwarding it, in order.</summary>
    public void Delay(TimeSpan mean, TimeSpan jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mean, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        Change(s => s with { DelayMean = mean, DelayJitter = jitter });
    }

    /// <summary>"Loses" each chunk with <paramref name="probability"/>: it is held back an extra 200–1000 ms (a retransmission stall), in order.</summary>
    public void Loss(double probability)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability is between 0 and 1");
        Change(s => s with { LossProbability = probability });
    }

    /// <summary>Resets every open connection once; new connections are accepted as before.</summary>
    public void ResetConnections()
    {
        List<ProxiedConnection> open;
        lock (_gate)
            open = [.. _open.Keys];
        ResetAll(open);
    }

    /// <summary>Back to healthy: not cut, no delay, no loss. Chunks already held keep their time.</summary>
    public void Clear() => Change(_ => FaultSettings.Healthy);

    /// <summary>Stops listening, resets the open connections and waits for their pumps to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;

        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;

        KeyValuePair<ProxiedConnection, Task>[] open;
        lock (_gate)
            open = [.. _open];
        foreach (var (connection, _) in open)
            connection.Reset();
        await Task.WhenAll(open.Select(pair => pair.Value));
        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Settings})";

    internal void CountBytes(bool forward, int count)
    {
        if (forward)
            Interlocked.Add(ref _bytesForward, count);
        else
            Interlocked.Add(ref _bytesBackward, count);
    }

    internal void CountDialFailure() => Interlocked.Increment(ref _dialFailures);

    private void Change(Func<FaultSettings, FaultSettings> change)
    {
        lock (_gate)
            Volatile.Write(ref _settings, change(_settings));
    }

    private void ResetAll(List<ProxiedConnection> open)
    {
        foreach (var connection in open)
        {
            if (connection.Reset())
                Interlocked.Increment(ref _resets);
        }
    }

    private async Task AcceptLoopAsync()
    {
        // Off the caller's stack: Start returns at once, and the loop never runs on a namespace thread.
        await Task.Yield();
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener.AcceptAsync(token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!token.IsCancellationRequested)
            {
                // Transient (out of descriptors, a client that gave up in the backlog): keep serving the link,
                // without spinning if it persists.
                await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                continue;
            }
            catch (SocketException)
            {
                return;
            }

            Admit(accepted);
        }
    }

    private void Admit(Socket accepted)
    {
        ProxiedConnection? connection = null;
        lock (_gate)
        {
            // Checked under the lock Cut takes, so a connection is either reset by Cut or refused here, never missed.
            if (!_settings.IsCut && !_stopping.IsCancellationRequested)
            {
                connection = new ProxiedConnection(this, accepted, Interlocked.Increment(ref _accepted));
                _open.Add(connection, Task.CompletedTask);
            }
        }

        if (connection is null)
        {
            Interlocked.Increment(ref _refused);
            try
            {
                // SO_LINGER 0: the source sees a reset at once, as from a link that is down, not an orderly close.
                accepted.LingerState = new LingerOption(true, 0);
            }
            catch (SocketException)
            {
                // The client already gave up; closing is all that is left.
            }
            accepted.Dispose();
            return;
        }

        var running = RunConnectionAsync(connection);
        lock (_gate)
        {
            // It may have ended already and removed itself; don't bring it back.
            if (_open.ContainsKey(connection))
                _open[connection] = running;
        }
    }

    private async Task RunConnectionAsync(ProxiedConnection connection)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_dialIn, DialTo);
        }
        finally
        {
            lock (_gate)
                _open.Remove(connection);
        }
    }
}
