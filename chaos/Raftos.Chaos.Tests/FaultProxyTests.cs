using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Raftos.Chaos.Network;

namespace Raftos.Chaos.Tests;

/// <summary>
/// Real sockets in real network namespaces: an echo server inside namespace b, a client inside namespace a, and
/// a proxy between them listening in a and dialling in b. Needs root (CI runs as root).
/// </summary>
public sealed class FaultProxyTests : IAsyncLifetime
{
    private const string NamePrefix = "rct";
    private const int PortOfA = 7101;
    private const int PortOfB = 7102;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static int s_instances;

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly List<IAsyncDisposable> _resources = [];
    private NetworkNamespace _a = null!;
    private NetworkNamespace _b = null!;

    public Task InitializeAsync()
    {
        if (!NetworkNamespace.IsSupported(out var reason))
            throw new InvalidOperationException($"The fault proxy tests need network namespaces: {reason}");

        DeleteLeftoversOfDeadRuns();
        // Unique per process and test, so parallel runs and leftovers of a crashed run never collide.
        var prefix = $"{NamePrefix}{Environment.ProcessId}n{Interlocked.Increment(ref s_instances)}";
        try
        {
            _a = CreateNamespace($"{prefix}-a");
            _b = CreateNamespace($"{prefix}-b");
        }
        catch
        {
            foreach (var ns in _namespaces)
                ns.Dispose();
            throw;
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            for (var i = _resources.Count - 1; i >= 0; i--)
                await _resources[i].DisposeAsync();
        }
        finally
        {
            foreach (var ns in _namespaces)
                ns.Dispose();
        }
        foreach (var ns in _namespaces)
            Assert.False(File.Exists($"/run/netns/{ns.Name}"), $"namespace {ns.Name} was not deleted");
    }

    [Fact]
    public void Network_namespaces_are_supported_here()
    {
        Assert.True(NetworkNamespace.IsSupported(out var reason), reason);
        Assert.Equal("", reason);
    }

    [Fact]
    public async Task Bytes_echo_through_the_proxy()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB);
        using var client = await ConnectAsync(_a, PortOfB);

        var data = new byte[256 * 1024];
        new Random(7).NextBytes(data);
        Assert.Equal(data, await RoundTripAsync(client, data));

        await PollAsync(() => proxy.Counters is { Accepted: 1, BytesForward: >= 256 * 1024, BytesBackward: >= 256 * 1024 }, "counters");
    }

    [Fact]
    public async Task Cut_resets_open_connections_and_refuses_new_ones()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB);
        using var open = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(open);

        proxy.Cut();

        await AssertResetAsync(open);
        using var refused = await TryConnectAsync(_a, PortOfB);
        if (refused is not null)
            await AssertResetAsync(refused);
        await PollAsync(() => proxy.Counters is { Resets: 1, Refused: >= 1, Open: 0 }, "counters after the cut");
    }

    [Fact]
    public async Task Restore_lets_new_connections_through()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB);
        proxy.Cut();
        using (var refused = await TryConnectAsync(_a, PortOfB))
        {
            if (refused is not null)
                await AssertResetAsync(refused);
        }

        proxy.Restore();

        using var client = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(client);
    }

    [Fact]
    public async Task Reset_connections_resets_open_ones_and_keeps_accepting()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB);
        using var open = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(open);

        proxy.ResetConnections();

        await AssertResetAsync(open);
        using var next = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(next);
        Assert.Equal(1, proxy.Counters.Resets);
    }

    [Fact]
    public async Task A_destination_that_is_down_resets_the_dialler()
    {
        var proxy = StartProxy(_a, _b, PortOfB);

        using var client = await TryConnectAsync(_a, PortOfB);
        if (client is not null)
            await AssertResetAsync(client);
        await PollAsync(() => proxy.Counters.DialFailures == 1, "a dial failure");
    }

    [Fact]
    public async Task A_one_way_cut_leaves_the_reverse_link_alone()
    {
        Track(EchoServer.Start(_a, PortOfA));
        Track(EchoServer.Start(_b, PortOfB));
        var table = Track(new LinkTable(new Dictionary<string, NetworkNamespace> { ["a"] = _a, ["b"] = _b }, seed: 1));
        table.Add("a", "b", PortOfB);
        table.Add("b", "a", PortOfA);
        using var aToB = await ConnectAsync(_a, PortOfB);
        using var bToA = await ConnectAsync(_b, PortOfA);

        table.CutOneWay("a", "b");

        await AssertResetAsync(aToB);
        await AssertEchoesAsync(bToA);
        using var again = await ConnectAsync(_b, PortOfA);
        await AssertEchoesAsync(again);
        Assert.True(table.Between("a", "b").Single().Proxy.IsCut);
        Assert.False(table.Between("b", "a").Single().Proxy.IsCut);

        table.HealAll();
        using var healed = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(healed);
    }

    [Fact]
    public async Task Isolating_a_node_cuts_its_client_links_and_a_partition_leaves_them()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var table = Track(new LinkTable(new Dictionary<string, NetworkNamespace> { ["a"] = _a, ["b"] = _b }, seed: 1));
        table.Add("a", "b", PortOfB);
        var clientPort = FreeRootPort();
        table.AddClientLink("b", clientPort, PortOfB);

        table.Partition([["a"], ["b"]]);
        using var fromRoot = await ConnectRootAsync(clientPort);
        await AssertEchoesAsync(fromRoot);
        Assert.True(table.Between("a", "b").Single().Proxy.IsCut);

        table.Isolate("b");
        await AssertResetAsync(fromRoot);
        Assert.All(table.Links, link => Assert.True(link.Proxy.IsCut, link.ToString()));
    }

    [Fact]
    public async Task Delay_adds_at_least_mean_minus_jitter_and_keeps_order()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB);
        using var client = await ConnectAsync(_a, PortOfB);
        await AssertEchoesAsync(client);

        var mean = TimeSpan.FromMilliseconds(100);
        var jitter = TimeSpan.FromMilliseconds(40);
        proxy.Delay(mean, jitter);
        var clock = Stopwatch.StartNew();
        await AssertEchoesAsync(client);
        // A round trip crosses the proxy twice, once each way, so it is delayed twice.
        Assert.True(clock.Elapsed >= 2 * (mean - jitter), $"round trip took {clock.Elapsed.TotalMilliseconds} ms");

        // A jitter as large as the mean would reorder chunks if each were delayed independently.
        proxy.Delay(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5));
        await AssertNumberedMessagesArriveInOrderAsync(client, count: 100);
    }

    [Fact]
    public async Task Loss_with_a_seed_delivers_every_byte_in_order()
    {
        Track(EchoServer.Start(_b, PortOfB));
        var proxy = StartProxy(_a, _b, PortOfB, seed: 42);
        using var client = await ConnectAsync(_a, PortOfB);

        proxy.Loss(0.5);
        var clock = Stopwatch.StartNew();
        await AssertNumberedMessagesArriveInOrderAsync(client, count: 100);

        // With 100 messages at p = 0.5 some chunk stalled, and a stall is at least 200 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), $"took only {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("loss 0.5", proxy.Settings.ToString());
    }

    /// <summary>A test process killed outright cannot clean up after itself; the next run does, for dead processes only.</summary>
    private static void DeleteLeftoversOfDeadRuns()
    {
        if (!Directory.Exists("/run/netns"))
            return;
        foreach (var path in Directory.GetFiles("/run/netns", NamePrefix + "*"))
        {
            var name = Path.GetFileName(path);
            var pid = name[NamePrefix.Length..].Split('n')[0];
            if (int.TryParse(pid, out _) && !Directory.Exists($"/proc/{pid}"))
                NetworkNamespace.DeleteIfExists(name);
        }
    }

    private NetworkNamespace CreateNamespace(string name)
    {
        var ns = NetworkNamespace.Create(name);
        _namespaces.Add(ns);
        return ns;
    }

    private T Track<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    private FaultProxy StartProxy(NetworkNamespace from, NetworkNamespace to, int port, int seed = 1)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        return Track(FaultProxy.Start($"{from}->{to}:{port}", from, endpoint, to, endpoint, seed));
    }

    private static async Task<Socket> ConnectAsync(NetworkNamespace ns, int port) =>
        await TryConnectAsync(ns, port) ?? throw new InvalidOperationException($"could not connect to {port} in {ns}");

    /// <summary>Null when the connection is reset before connect returns, which a cut link may do.</summary>
    private static async Task<Socket?> TryConnectAsync(NetworkNamespace ns, int port)
    {
        var socket = await ns.CreateSocketAsync(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            using var deadline = new CancellationTokenSource(Deadline);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
        {
            socket.Dispose();
            return null;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Socket> ConnectRootAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var deadline = new CancellationTokenSource(Deadline);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static int FreeRootPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task<byte[]> RoundTripAsync(Socket socket, byte[] data)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var sending = SendAllAsync(socket, data, deadline.Token);
        var received = await ReceiveExactlyAsync(socket, data.Length, deadline.Token);
        await sending;
        return received;
    }

    private static async Task AssertEchoesAsync(Socket socket)
    {
        var data = "ping"u8.ToArray();
        Assert.Equal(data, await RoundTripAsync(socket, data));
    }

    private static async Task AssertNumberedMessagesArriveInOrderAsync(Socket socket, int count)
    {
        const int size = 64;
        using var deadline = new CancellationTokenSource(Deadline);
        var receiving = ReceiveExactlyAsync(socket, count * size, deadline.Token);
        var message = new byte[size];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(message, i);
            message.AsSpan(4).Fill((byte)i);
            await SendAllAsync(socket, message, deadline.Token);
        }

        var received = await receiving;
        for (var i = 0; i < count; i++)
        {
            var chunk = received.AsSpan(i * size, size);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(chunk));
            Assert.True(chunk[4..].IndexOfAnyExcept((byte)i) < 0, $"message {i} is garbled");
        }
    }

    private static async Task SendAllAsync(Socket socket, byte[] data, CancellationToken token)
    {
        for (var sent = 0; sent < data.Length;)
            sent += await socket.SendAsync(data.AsMemory(sent), SocketFlags.None, token);
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int length, CancellationToken token)
    {
        var buffer = new byte[length];
        for (var read = 0; read < length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, token);
            if (n == 0)
                throw new InvalidOperationException($"the connection closed after {read} of {length} bytes");
            read += n;
        }
        return buffer;
    }

    /// <summary>Reads until the connection ends, which must be a reset (RST), not an orderly end of stream (FIN).</summary>
    private static async Task AssertResetAsync(Socket socket)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
            {
                // Echoes still in flight before the cut; the end comes after them.
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return;
        }
        Assert.Fail("the connection ended with a FIN where the link should have reset it");
    }

    private static async Task PollAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>Echoes every connection it accepts, in the namespace it listens in.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly Task _accepting;
        private readonly List<Socket> _connections = [];

        private EchoServer(Socket listener)
        {
            _listener = listener;
            _accepting = AcceptAsync();
        }

        public static EchoServer Start(NetworkNamespace ns, int port) =>
            new(ns.Listen(new IPEndPoint(IPAddress.Loopback, port)));

        public async ValueTask DisposeAsync()
        {
            _listener.Dispose();
            lock (_connections)
            {
                foreach (var connection in _connections)
                    connection.Dispose();
            }
            await _accepting;
        }

        private async Task AcceptAsync()
        {
            await Task.Yield();
            while (true)
            {
                Socket connection;
                try
                {
                    connection = await _listener.AcceptAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                lock (_connections)
                    _connections.Add(connection);
                _ = EchoAsync(connection);
            }
        }

        private static async Task EchoAsync(Socket connection)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await connection.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                    await SendAllAsync(connection, buffer[..read], CancellationToken.None);
                connection.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The proxy reset it: that is what the tests do to links.
            }
        }
    }
}
