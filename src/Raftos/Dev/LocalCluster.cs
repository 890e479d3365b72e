using System.Net.Http.Json;

namespace Raftos.Dev;

/// <summary>
/// Masters as local processes on 127.0.0.1: what <c>raftos dev</c> runs, and what the
/// end-to-end tests drive (kill, restart, add, remove).
/// </summary>
public sealed class LocalCluster(string dir, int httpPortBase, int raftPortBase, RaftosExecutable executable) : IAsyncDisposable
{
    private readonly List<LocalMaster> masters = [];

    /// <summary>The directory holding every master's data and the cluster file.</summary>
    public string Dir { get; } = Path.GetFullPath(dir);

    /// <summary>Masters in the order they were created.</summary>
    public IReadOnlyList<LocalMaster> Masters => masters;

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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        foreach (var master in masters.Where(m => m.IsRunning))
        {
            while (true)
            {
                if (!master.IsRunning)
                    throw new InvalidOperationException($"master {master.Id} exited; see {master.LogPath}");
                try
                {
                    using var response = await http.GetAsync(new Uri(master.HttpUrl + "/health/ready"), deadline.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                        break;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                }

                try
                {
                    await Task.Delay(50, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    throw new TimeoutException($"master {master.Id} was not ready within {timeout.TotalSeconds:0} s; see {master.LogPath}");
                }
            }
        }
    }

    /// <summary>Writes <c>cluster.json</c> describing the running masters.</summary>
    public void WriteClusterFile()
        => new ClusterFile(Dir, [.. masters.Select(m => new ClusterFile.Master(m.Id, m.Pid, m.HttpUrl, m.RaftAddress, m.DataDir, m.LogPath))])
            .Write(ClusterFilePath);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
        => await Task.WhenAll(masters.Select(m => m.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
}
