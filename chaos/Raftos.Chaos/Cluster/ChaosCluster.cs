using System.Globalization;
using Raftos.Chaos.Network;
using Raftos.Client;
using Raftos.Dev;

namespace Raftos.Chaos.Cluster;

/// <summary>
/// Real master and agent processes, each in a network namespace of its own that has only a
/// loopback interface. Every node uses the addresses it would use on one host, and inside
/// each namespace the other nodes' ports are served by fault proxies, one per directed link
/// (<see cref="LinkTable"/>): so any link can be cut, one way or both, slowed or reset,
/// while the processes themselves are killed, paused and restarted for real.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>Raft port of master m1 inside every namespace (m2 is one more, and so on).</summary>
    public const int RaftPortBase = 7101;

    private readonly ChaosClusterOptions options;
    private readonly List<NetworkNamespace> namespaces = [];
    private readonly List<LocalMaster> masters = [];
    private readonly List<LocalAgent> agents = [];
    private readonly Dictionary<string, string> agentSettings = new(StringComparer.Ordinal) { ["StopGrace"] = "00:00:01" };
    private readonly int httpPortBase;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, RaftosClient> SingleMasterClients = new();

    private readonly HashSet<string> heldDown = new(StringComparer.Ordinal);
    private readonly List<string> crashes = [];
    private volatile bool stopping;

    private ChaosCluster(ChaosClusterOptions options, int httpPortBase)
    {
        this.options = options;
        this.httpPortBase = httpPortBase;
    }

    /// <summary>The masters, m1..mN.</summary>
    public IReadOnlyList<LocalMaster> Masters => masters;

    /// <summary>The agents, a1..aK.</summary>
    public IReadOnlyList<LocalAgent> Agents => agents;

    /// <summary>Every link between nodes, and from the workload's clients to the masters.</summary>
    public LinkTable Links { get; private set; } = null!;

    /// <summary>The masters' HTTP URLs as the workload's clients (in the root namespace) reach them: through their own links.</summary>
    public IReadOnlyList<Uri> MasterUrls => [.. masters.Select((_, i) => new Uri($"http://127.0.0.1:{(httpPortBase + i).ToString(CultureInfo.InvariantCulture)}"))];

    /// <summary>Master ids, m1..mN.</summary>
    public IReadOnlyList<string> MasterIds => [.. masters.Select(m => m.Id)];

    /// <summary>Settings every master starts with.</summary>
    public IReadOnlyDictionary<string, string> MasterSettings => options.MasterSettings;

    /// <summary>Creates the namespaces and links, starts every master and agent, and waits until a leader is elected and every agent is registered.</summary>
    public static async Task<ChaosCluster> StartAsync(ChaosClusterOptions options, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!NetworkNamespace.IsSupported(out var reason))
            throw new InvalidOperationException($"the chaos suite needs network namespaces (run as root with iproute2): {reason}");
        Directory.CreateDirectory(options.Dir);
        var cluster = new ChaosCluster(options, LoopbackPorts.FreeRun(options.Masters, 40_000, 60_000));
        try
        {
            cluster.Build();
            cluster.StartAll();
            await cluster.WaitReadyAsync(TimeSpan.FromSeconds(60), token).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void Build()
    {
        var real = options.Executable ?? RaftosExecutable.Current();
        var spaces = new Dictionary<string, NetworkNamespace>(StringComparer.Ordinal);
        RaftosExecutable In(string node)
        {
            var space = NetworkNamespace.Create(NamespaceName(node));
            namespaces.Add(space);
            spaces[node] = space;
            return new RaftosExecutable("ip", ["netns", "exec", space.Name, real.FileName, .. real.LeadingArguments]);
        }

        for (var i = 0; i < options.Masters; i++)
        {
            var id = $"m{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            masters.Add(new LocalMaster(id, RaftPortBase + i, httpPortBase + i, Path.Combine(options.Dir, id), In(id)));
        }

        for (var i = 0; i < options.Agents; i++)
        {
            var id = $"a{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["rack"] = $"r{(i + 1).ToString(CultureInfo.InvariantCulture)}",
                ["zone"] = i % 2 == 0 ? "z1" : "z2",
            };
            agents.Add(new LocalAgent(id, Path.Combine(options.Dir, id), options.AgentCpuMillis, options.AgentMemoryMb, attributes, In(id)));
        }

        Links = new LinkTable(spaces, options.Seed);

        for (var i = 0; i < masters.Count; i++)
        {
            for (var j = 0; j < masters.Count; j++)
            {
                if (i == j)
                    continue;
                Links.Add(masters[i].Id, masters[j].Id, RaftPortBase + j);
                Links.Add(masters[i].Id, masters[j].Id, httpPortBase + j);
            }

            foreach (var agent in agents)
                Links.Add(agent.Id, masters[i].Id, httpPortBase + i);
            Links.AddClientLink(masters[i].Id, httpPortBase + i, httpPortBase + i);
        }
    }

    private string NamespaceName(string node) => $"rc{options.RunId}-{node}";

    private void StartAll()
    {
        var peers = masters.Select(m => m.RaftAddress).ToArray();
        foreach (var master in masters)
            master.Start(peers, options.MasterSettings);
        foreach (var agent in agents)
            agent.Start(InsideUrls(), agentSettings);
    }

    // The masters' URLs as a node inside a namespace dials them (each through its own link).
    private string[] InsideUrls() => [.. masters.Select(m => m.HttpUrl)];

    /// <summary>Cuts <paramref name="node"/> off from <paramref name="others"/> both ways; the workload's clients still reach it.</summary>
    public void Isolate(string node, IEnumerable<string> others)
        => Links.Partition([[node], [.. others.Where(o => o != node)]]);

    /// <summary>Applies <paramref name="change"/> to every link between two of <paramref name="nodes"/>, both directions.</summary>
    public void ForEachLinkBetween(IReadOnlyList<string> nodes, Action<FaultProxy> change)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(change);
        foreach (var from in nodes)
        {
            foreach (var to in nodes.Where(n => n != from))
            {
                foreach (var link in Links.Between(from, to))
                    change(link.Proxy);
            }
        }
    }

    /// <summary>Restarts a stopped or killed master from its own data directory.</summary>
    public void Restart(LocalMaster master)
    {
        ArgumentNullException.ThrowIfNull(master);
        master.Start([.. masters.Select(m => m.RaftAddress)], options.MasterSettings);
    }

    /// <summary>Marks <paramref name="node"/> as stopped on purpose (a fault), so the supervisor leaves it down.</summary>
    public void HoldDown(string node)
    {
        lock (heldDown)
            heldDown.Add(node);
    }

    /// <summary>Ends <see cref="HoldDown"/>: from now on the supervisor restarts the node if it exits.</summary>
    public void Release(string node)
    {
        lock (heldDown)
            heldDown.Remove(node);
    }

    /// <summary>Nodes that exited by themselves, with when and the last fatal or error line of their log.</summary>
    public IReadOnlyList<string> Crashes
    {
        get
        {
            lock (crashes)
                return [.. crashes];
        }
    }

    /// <summary>
    /// Plays the part of systemd's Restart=on-failure: a master or agent that exits without a
    /// fault having stopped it is recorded as a crash and started again.
    /// </summary>
    public async Task SuperviseAsync(Func<double> seconds, Action<string> log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(log);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(250, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var (id, running, logPath, restart) in masters.Select(m => (m.Id, m.IsRunning, m.LogPath, (Action)(() => Restart(m))))
                         .Concat(agents.Select(a => (a.Id, a.IsRunning, a.LogPath, (Action)(() => Restart(a))))))
            {
                bool held;
                lock (heldDown)
                    held = heldDown.Contains(id);
                if (running || held || stopping)
                    continue;
                var crash = $"{id} exited by itself at {seconds():0.0} s: {LastFailure(logPath)}";
                lock (crashes)
                    crashes.Add(crash);
                log($"{seconds(),7:0.0}s  supervisor: {crash}; restarting it");
                restart();
            }
        }
    }

    private static string LastFailure(string logPath)
    {
        try
        {
            var line = File.ReadLines(logPath).LastOrDefault(l => l.Contains(" FTL ", StringComparison.Ordinal) || l.Contains(" ERR ", StringComparison.Ordinal));
            return line is null ? "no error logged" : line[..Math.Min(line.Length, 300)];
        }
        catch (IOException)
        {
            return "log unreadable";
        }
    }

    /// <summary>Starts a master with an empty data directory in join mode: it waits to be added to the membership.</summary>
    public void StartJoining(LocalMaster master)
    {
        ArgumentNullException.ThrowIfNull(master);
        master.Start([], options.MasterSettings);
    }

    /// <summary>Restarts a stopped or killed agent from its own data directory.</summary>
    public void Restart(LocalAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.Start(InsideUrls(), agentSettings);
    }

    /// <summary>
    /// A client of every master through the client links, impatient enough to record timeouts
    /// as unknown rather than wait them out. <paramref name="rotate"/> picks which master it
    /// tries first, so that clients spread over the masters as applications do.
    /// </summary>
    public RaftosClient NewClient(TimeSpan? attemptTimeout = null, int attemptsMax = 3, int rotate = 0) => new(new RaftosClientOptions
    {
        Masters = [.. MasterUrls.Skip(rotate % masters.Count), .. MasterUrls.Take(rotate % masters.Count)],
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromMilliseconds(500),
        AttemptsMax = attemptsMax,
        BackoffMin = TimeSpan.FromMilliseconds(20),
        BackoffMax = TimeSpan.FromMilliseconds(200),
    });

    /// <summary>The leader that a majority of the running masters name, or null.</summary>
    public async Task<string?> LeaderAsync(CancellationToken token)
    {
        var named = new List<string>();
        foreach (var url in MasterUrls)
        {
            if (await ClusterOfAsync(url, token).ConfigureAwait(false) is { LeaderId: { } leader })
                named.Add(leader);
        }

        return named.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > masters.Count / 2)?.Key;
    }

    /// <summary>What one master says of the cluster (its own state, no read barrier), or null if it does not answer in time.</summary>
    public static async Task<ClusterInfo?> ClusterOfAsync(Uri master, CancellationToken token)
    {
        // One client per master for the whole run: the samplers ask every master ten times a
        // second, and a client per call opened a new connection each time.
        var client = SingleMasterClients.GetOrAdd(master, m => new RaftosClient(new RaftosClientOptions
        {
            Masters = [m],
            AttemptTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
            AttemptsMax = 1,
        }));
        try
        {
            return await client.Cluster.GetAsync(token).ConfigureAwait(false);
        }
        catch (RaftosApiException)
        {
            return null;
        }
    }

    /// <summary>Waits until a majority names one leader and every running agent is registered and ready.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        using var client = NewClient();
        try
        {
            while (true)
            {
                if (await LeaderAsync(deadline.Token).ConfigureAwait(false) is not null)
                {
                    try
                    {
                        var ready = (await client.Agents.ListAsync(deadline.Token).ConfigureAwait(false)).Where(a => a.Status == "ready").Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
                        if (agents.Where(a => a.IsRunning).All(a => ready.Contains(a.Id)))
                            return;
                    }
                    catch (RaftosApiException)
                    {
                        // No leader after all: ask again.
                    }
                }

                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new TimeoutException($"the chaos cluster was not ready within {timeout.TotalSeconds:0} s; logs under {options.Dir}");
        }
    }

    /// <summary>Stops agents (killing their tasks), then masters; removes links and namespaces.</summary>
    public async ValueTask DisposeAsync()
    {
        stopping = true;
        await Task.WhenAll(agents.Select(a => a.StopAsync(TimeSpan.FromSeconds(3)))).ConfigureAwait(false);
        foreach (var agent in agents)
            agent.KillTasks();
        await Task.WhenAll(masters.Select(m =>
        {
            m.Resume();
            return m.StopAsync(TimeSpan.FromSeconds(3));
        })).ConfigureAwait(false);
        if (Links is not null)
            await Links.DisposeAsync().ConfigureAwait(false);
        foreach (var space in namespaces)
            space.Dispose();
    }
}
