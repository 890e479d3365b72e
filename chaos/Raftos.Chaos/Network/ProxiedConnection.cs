using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Raftos.Chaos.Network;

/// <summary>
/// One connection through a <see cref="FaultProxy"/>: the socket accepted in the source namespace, the one dialled
/// in the destination namespace, and a pump each way. A pump is a reader that stamps every chunk with the time it
/// may be forwarded, a FIFO queue, and a writer that waits for each stamp in turn: delays never reorder bytes.
/// </summary>
internal sealed class ProxiedConnection : IDisposable
{
    private const int ChunkSize = 16 * 1024;

    // Bounded so a slowed link pushes back on its sender through TCP instead of buffering without limit.
    private const int QueuedChunks = 64;

    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(5);

    private readonly FaultProxy _proxy;
    private readonly Socket _source;
    private readonly long _index;
    private readonly CancellationTokenSource _aborted = new();

    // Taken once: the token source is disposed on close, and a pump starting after that must still see it cancelled.
    private readonly CancellationToken _token;
    private readonly Lock _gate = new();
    private Socket? _destination;
    private bool _closed;

    public ProxiedConnection(FaultProxy proxy, Socket source, long index)
    {
        _proxy = proxy;
        _source = source;
        _index = index;
        _token = _aborted.Token;
    }

    /// <summary>Dials onward and pumps until both directions have ended or the connection is reset.</summary>
    public async Task RunAsync(NetworkNamespace? dialIn, IPEndPoint dialTo)
    {
        try
        {
            if (!await DialAsync(dialIn, dialTo))
                return;

            var destination = _destination!;
            await Task.WhenAll(
                PumpAsync(_source, destination, forward: true),
                PumpAsync(destination, _source, forward: false));
        }
        finally
        {
            Close(reset: false);
        }
    }

    /// <summary>Resets both sides (RST, not FIN); false if the connection had already ended.</summary>
    public bool Reset() => Close(reset: true);

    /// <summary>Same as <see cref="Reset"/>: a connection torn down from outside is reset, never closed politely.</summary>
    public void Dispose() => Reset();

    private async Task<bool> DialAsync(NetworkNamespace? dialIn, IPEndPoint dialTo)
    {
        try
        {
            var socket = dialIn is null
                ? new Socket(dialTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : await dialIn.CreateSocketAsync(dialTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            lock (_gate)
            {
                if (_closed)
                {
                    socket.Dispose();
                    return false;
                }
                _destination = socket;
            }

            // Nagle on top of the nodes' own writes would add latency that no fault asked for.
            socket.NoDelay = true;
            _source.NoDelay = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_token);
            timeout.CancelAfter(DialTimeout);
            await socket.ConnectAsync(dialTo, timeout.Token);
            return true;
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Nothing listens there (the node is down): the dialler sees a reset, the nearest a proxy gets to "refused".
            if (Close(reset: true))
                _proxy.CountDialFailure();
            return false;
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool forward)
    {
        var queue = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(QueuedChunks)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var random = new Random(Seeds.Mix(_proxy.Seed, _index, forward ? 1 : 2));
        try
        {
            await Task.WhenAll(ReadAsync(from, queue.Writer, random), WriteAsync(to, queue.Reader, forward));
        }
        finally
        {
            while (queue.Reader.TryRead(out var left))
                left.Return();
        }
    }

    private async Task ReadAsync(Socket from, ChannelWriter<Chunk> queue, Random random)
    {
        var token = _token;
        long lastDue = 0;
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int read;
                try
                {
                    read = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    await queue.WriteAsync(new Chunk(null, 0, lastDue), token);
                    return;
                }

                // Never earlier than the chunk before: TCP delivers in order, however the delays were drawn.
                lastDue = Math.Max(DueTime(_proxy.Settings, random), lastDue);
                await queue.WriteAsync(new Chunk(buffer, read, lastDue), token);
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // A reset (or our own abort) on one side is passed on as a reset of the other.
            Close(reset: true);
        }
        finally
        {
            queue.TryComplete();
        }
    }

    private async Task WriteAsync(Socket to, ChannelReader<Chunk> queue, bool forward)
    {
        var token = _token;
        try
        {
            await foreach (var chunk in queue.ReadAllAsync(token))
            {
                try
                {
                    await WaitUntilAsync(chunk.Due, token);
                    if (chunk.Buffer is null)
                    {
                        // End of stream: pass the FIN on and keep the other direction open (half-close).
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }
                    for (var sent = 0; sent < chunk.Length;)
                        sent += await to.SendAsync(chunk.Buffer.AsMemory(sent, chunk.Length - sent), SocketFlags.None, token);
                    _proxy.CountBytes(forward, chunk.Length);
                }
                finally
                {
                    chunk.Return();
                }
            }
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            Close(reset: true);
        }
    }

    private static long DueTime(FaultSettings settings, Random random)
    {
        var now = Stopwatch.GetTimestamp();
        if (!settings.Slows)
            return now;

        var delay = settings.DelayMean.TotalSeconds + ((random.NextDouble() * 2) - 1) * settings.DelayJitter.TotalSeconds;
        // TCP cannot lose bytes, only resend them late: a lost segment is a retransmission stall.
        if (settings.LossProbability > 0 && random.NextDouble() < settings.LossProbability)
            delay += 0.2 + random.NextDouble() * 0.8;
        return now + (long)(Math.Max(0, delay) * Stopwatch.Frequency);
    }

    private static async Task WaitUntilAsync(long due, CancellationToken token)
    {
        // Task.Delay works in whole milliseconds and may wake a little early: loop until the clock agrees.
        while (true)
        {
            var remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0)
                return;
            var milliseconds = Math.Max(1, (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
            await Task.Delay(milliseconds, token);
        }
    }

    private bool Close(bool reset)
    {
        Socket? destination;
        lock (_gate)
        {
            if (_closed)
                return false;
            _closed = true;
            destination = _destination;
        }

        _aborted.Cancel();
        CloseSocket(_source, reset);
        if (destination is not null)
            CloseSocket(destination, reset);
        _aborted.Dispose();
        return true;
    }

    private static void CloseSocket(Socket socket, bool reset)
    {
        try
        {
            // SO_LINGER 0: close sends RST instead of FIN, which is what a peer sees when a link drops a connection.
            if (reset)
                socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing left to reset.
        }
        socket.Dispose();
    }

    private static bool IsConnectionEnd(Exception e) =>
        e is SocketException or ObjectDisposedException or OperationCanceledException or IOException or ChannelClosedException;

    private readonly record struct Chunk(byte[]? Buffer, int Length, long Due)
    {
        public void Return()
        {
            if (Buffer is not null)
                ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
