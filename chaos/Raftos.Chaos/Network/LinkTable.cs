using System.Net;

namespace Raftos.Chaos.Network;

/// <summary>
/// Every directed link of a cluster whose nodes each run in their own <see cref="NetworkNamespace"/>, one
/// <see cref="FaultProxy"/> per link and port, and the partitions built from cutting them. Owns the proxies, not the
/// namespaces (those outlive the proxies: the nodes inside must be stopped first).
/// </summary>
/// <remarks>
/// The workload's clients run in the controller's own namespace and reach nodes through client links
/// (<see cref="AddClientLink"/>), named <see cref="Clients"/> as their source. <see cref="Isolate"/> cuts those too;
/// <see cref="Partition"/> only if <see cref="Clients"/> is put in a group, so a minority can be cut off from the
/// other nodes while clients still reach it.
/// </remarks>
public sealed class LinkTable : IAsyncDisposable
{
    /// <summary>The source name of client links: the workload's clients in the controller's namespace.</summary>
    public const string Clients = "clients";

    private readonly Dictionary<string, NetworkNamespace> _nodes;
    private readonly int _seed;
    private readonly Lock _gate = new();
    private readonly List<Link> _links = [];
    private bool _disposed;

    /// <summary>A table for <paramref name="nodes"/> (node name to its namespace); proxy randomness derives from <paramref name="seed"/>.</summary>
    public LinkTable(IReadOnlyDictionary<string, NetworkNamespace> nodes, int seed)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.ContainsKey(Clients))
            throw new ArgumentException($"'{Clients}' names the clients' side; pick another node name.", nameof(nodes));
        _nodes = new Dictionary<string, NetworkNamespace>(nodes, StringComparer.Ordinal);
        _seed = seed;
    }

    /// <summary>The node names.</summary>
    public IReadOnlyCollection<string> Nodes => _nodes.Keys;

    /// <summary>Every link so far, in the order added.</summary>
    public IReadOnlyList<Link> Links
    {
        get
        {
            lock (_gate)
                return [.. _links];
        }
    }

    /// <summary>Adds the link <paramref name="from"/> → <paramref name="to"/> for <paramref name="port"/>: a proxy on 127.0.0.1:port in <paramref name="from"/>'s namespace to 127.0.0.1:port in <paramref name="to"/>'s.</summary>
    public Link Add(string from, string to, int port)
    {
        var source = NamespaceOf(from);
        var destination = NamespaceOf(to);
        if (from == to)
            throw new ArgumentException($"a node reaches itself without a proxy ({from}).", nameof(to));
        return AddLink(from, source, to, destination, port, port);
    }

    /// <summary>
    /// Adds a client link: a proxy on 127.0.0.1:<paramref name="listenPort"/> in the controller's own namespace to
    /// 127.0.0.1:<paramref name="targetPort"/> in <paramref name="to"/>'s, so the workload can be cut off from a node.
    /// </summary>
    public Link AddClientLink(string to, int listenPort, int targetPort) =>
        AddLink(Clients, null, to, NamespaceOf(to), listenPort, targetPort);

    /// <summary>The links (one per port) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<Link> Between(string from, string to)
    {
        lock (_gate)
            return [.. _links.Where(l => l.From == from && l.To == to)];
    }

    /// <summary>Cuts every link into and out of <paramref name="node"/>, client links included.</summary>
    public void Isolate(string node)
    {
        NamespaceOf(node);
        foreach (var link in Links.Where(l => l.From == node || l.To == node))
            link.Proxy.Cut();
    }

    /// <summary>
    /// Cuts every link, both ways, between nodes of different groups. Links of nodes in no group are left alone, as
    /// are links already cut within a group: call <see cref="HealAll"/> first to replace an earlier partition.
    /// </summary>
    public void Partition(IReadOnlyList<IReadOnlyList<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var node in groups[g])
            {
                if (node != Clients)
                    NamespaceOf(node);
                if (!groupOf.TryAdd(node, g))
                    throw new ArgumentException($"{node} is in more than one group.", nameof(groups));
            }
        }

        foreach (var link in Links)
        {
            if (groupOf.TryGetValue(link.From, out var from) && groupOf.TryGetValue(link.To, out var to) && from != to)
                link.Proxy.Cut();
        }
    }

    /// <summary>Cuts <paramref name="from"/> → <paramref name="to"/> only: <paramref name="to"/> can still dial <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentException">There is no such link.</exception>
    public void CutOneWay(string from, string to)
    {
        var links = Between(from, to);
        if (links.Count == 0)
            throw new ArgumentException($"there is no link {from} -> {to}.", nameof(to));
        foreach (var link in links)
            link.Proxy.Cut();
    }

    /// <summary>Clears every fault on every link: no cuts, delays or loss.</summary>
    public void HealAll()
    {
        foreach (var link in Links)
            link.Proxy.Clear();
    }

    /// <summary>Stops every proxy (resetting the connections through them).</summary>
    public async ValueTask DisposeAsync()
    {
        List<Link> links;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            links = [.. _links];
        }
        foreach (var link in links)
            await link.Proxy.DisposeAsync();
    }

    private Link AddLink(string from, NetworkNamespace? source, string to, NetworkNamespace destination, int listenPort, int targetPort)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listenPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(listenPort, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetPort, IPEndPoint.MaxPort);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_links.Any(l => l.From == from && l.To == to && l.TargetPort == targetPort))
                throw new ArgumentException($"the link {from} -> {to}:{targetPort} exists already.", nameof(targetPort));

            var name = $"{from}->{to}:{targetPort}";
            var seed = Seeds.Mix(_seed, Seeds.Of(from), Seeds.Of(to), targetPort);
            var proxy = FaultProxy.Start(
                name, source, new IPEndPoint(IPAddress.Loopback, listenPort), destination, new IPEndPoint(IPAddress.Loopback, targetPort), seed);
            var link = new Link(from, to, listenPort, targetPort, proxy);
            _links.Add(link);
            return link;
        }
    }

    private NetworkNamespace NamespaceOf(string node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return _nodes.TryGetValue(node, out var ns) ? ns : throw new ArgumentException($"unknown node '{node}'.", nameof(node));
    }
}
