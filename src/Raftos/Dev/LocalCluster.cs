using System.Globalization;

namespace Raftos.Dev;

/// <summary>
/// Masters and agents as local processes on 127.0.0.1: what <c>raftos dev</c> runs, and what
/// the end-to-end tests drive (kill, restart, add, remove).
/// </summary>
public sealed class LocalCluster(string dir, int httpPortBase, int raftPortBase, RaftosExecutable executable) : IAsyncDisposable
{
    private readonly List<LocalMaster> masters = [];
    private readonly List<LocalAgent> agents = [];

    /// <summary>The directory holding every master's data and the cluster file.</summary>
    public string Dir { get; } = Path.GetFullPath(dir);

    /// <summary>Masters in the order they were created.</summary>
    public IReadOnlyList<LocalMaster> Masters => masters;

    /// <summary>Agents in the order they were created.</summary>
    public IReadOnlyList<LocalAgent> Agents => agents;

    /// <summary>Settings passed to every agent as RAFTOS_AGENT__* variables.</summary>
    public Dictionary<string, string> AgentSettings { get; } = [];

    /// <summary>Path of <c>cluster.json</c>.</summary>
    public string ClusterFilePath => Path.Combine(Dir, "cluster.json");

    /// <summary>Settings passed to every master as RAFTOS_MASTER__* variables.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Creates (without starting) the next master, m1, m2, ...</summary>
    public LocalMaster Define()
    {
        var ordinal = masters.Count;
        var id = $"m{ordinal + 1}";
        var master = new LocalMaster(id, raftPortBase + ordinal, httpPortBase + ordinal, Path.Combine(Dir, id), executable);
        masters.Add(master);
        return master;
    }

    /// <summary>Defines and starts <paramref name="count"/> masters that bootstrap together.</summary>
    public void StartNew(int count)
    {
        var defined = Enumerable.Range(0, count).Select(_ => Define()).ToArray();
        var peers = defined.Select(m => m.RaftAddress).ToArray();
        foreach (var master in defined)
            master.Start(peers, Settings);
    }

    /// <summary>
    /// Defines and starts <paramref name="count"/> agents a1, a2, ... against every master,
    /// each offering <paramref name="cpuMillis"/> and <paramref name="memoryMb"/>, with distinct
    /// attributes (rack r1, r2, ...; zone z1/z2 alternating).
    /// </summary>
    public void StartAgents(int count, long cpuMillis, long memoryMb)
    {
        for (var i = 0; i < count; i++)
        {
            var ordinal = agents.Count + 1;
            var id = string.Create(CultureInfo.InvariantCulture, $"a{ordinal}");
            var attributes = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["rack"] = string.Create(CultureInfo.InvariantCulture, $"r{ordinal}"),
                ["zone"] = string.Create(CultureInfo.InvariantCulture, $"z{((ordinal - 1) % 2) + 1}"),
            };
            var agent = new LocalAgent(id, Path.Combine(Dir, id), cpuMillis, memoryMb, attributes, executable);
            agents.Add(agent);
            agent.Start(MasterUrls, AgentSettings);
        }
    }

    /// <summary>Restarts a stopped agent from its own data directory.</summary>
    public void Restart(LocalAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        agent.Start(MasterUrls, AgentSettings);
    }

    private string[] MasterUrls => [.. masters.Select(m => m.HttpUrl)];

    /// <summary>Restarts a stopped master from its own data directory.</summary>
    public void Restart(LocalMaster master)
    {
        ArgumentNullException.ThrowIfNull(master);
        master.Start(masters.Select(m => m.RaftAddress).ToArray(), Settings);
    }

    /// <summary>Waits until every running master answers /health/ready.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        foreach (var master in masters.Where(m => m.IsRunning))
        {
            await PollAsync(
                async t =>
                {
                    if (!master.IsRunning)
                        throw new InvalidOperationException($"master {master.Id} exited; see {master.LogPath}");
                    using var response = await http.GetAsync(new Uri(master.HttpUrl + "/health/ready"), t).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                },
                timeout,
                $"master {master.Id} was not ready within {timeout.TotalSeconds:0} s; see {master.LogPath}",
                token).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every running agent appears registered and ready in GET /v1/agents.</summary>
    public async Task WaitAgentsRegisteredAsync(HttpClient http, TimeSpan timeout, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var wanted = agents.Where(a => a.IsRunning).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        await PollAsync(
            async t =>
            {
                if (agents.FirstOrDefault(a => wanted.Contains(a.Id) && !a.IsRunning) is { } exited)
                    throw new InvalidOperationException($"agent {exited.Id} exited; see {exited.LogPath}");
                using var response = await http.GetAsync(new Uri(masters[0].HttpUrl + "/v1/agents"), t).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                    return false;
                using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(t).ConfigureAwait(false));
                var ready = document.RootElement.EnumerateArray()
                    .Where(a => a.GetProperty("status").GetString() == "ready")
                    .Select(a => a.GetProperty("id").GetString() ?? string.Empty);
                return wanted.IsSubsetOf(ready);
            },
            timeout,
            $"agents did not all register within {timeout.TotalSeconds:0} s; see {string.Join(", ", agents.Select(a => a.LogPath))}",
            token).ConfigureAwait(false);
    }

    // Polls until the probe holds; a probe that cannot connect yet simply counts as "not yet".
    private static async Task PollAsync(Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, string timeoutMessage, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        while (true)
        {
            try
            {
                if (await probe(deadline.Token).ConfigureAwait(false))
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException(timeoutMessage);
            }

            try
            {
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new TimeoutException(timeoutMessage);
            }
        }
    }

    /// <summary>Writes <c>cluster.json</c> describing the running masters and agents.</summary>
    public void WriteClusterFile()
        => new ClusterFile(
                Dir,
                [.. masters.Select(m => new ClusterFile.Master(m.Id, m.Pid, m.HttpUrl, m.RaftAddress, m.DataDir, m.LogPath))],
                [.. agents.Select(a => new ClusterFile.Agent(a.Id, a.Pid, a.CpuMillis, a.MemoryMb, a.Attributes, a.DataDir, a.LogPath))])
            .Write(ClusterFilePath);

    /// <summary>Stops agents (and kills their tasks, which would otherwise outlive them), then masters.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(agents.Select(a => a.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        foreach (var agent in agents)
            agent.KillTasks();
        await Task.WhenAll(masters.Select(m => m.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
    }
}
