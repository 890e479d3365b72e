using Raftos.Dev;
using Xunit.Abstractions;

namespace Raftos.EndToEnd.Tests;

/// <summary>A cluster of real master processes on 127.0.0.1 in a fresh temporary directory, torn down after the test.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly ITestOutputHelper output;

    private TestCluster(LocalCluster cluster, ITestOutputHelper output)
    {
        Local = cluster;
        this.output = output;
    }

    public LocalCluster Local { get; }

    public RaftosHttp Http { get; } = new();

    public IReadOnlyList<LocalMaster> Masters => Local.Masters;

    public IReadOnlyList<LocalAgent> Agents => Local.Agents;

    public IReadOnlyList<string> MasterUrls => [.. Masters.Select(m => m.HttpUrl)];

    public static async Task<TestCluster> StartAsync(
        ITestOutputHelper output, int masters = 3, IReadOnlyDictionary<string, string>? settings = null,
        int agents = 0, long agentCpuMillis = 1000, long agentMemoryMb = 2048)
    {
        var dir = Path.Combine(Path.GetTempPath(), "raftos-e2e", Guid.NewGuid().ToString("N")[..12]);
        var (httpBase, raftBase) = FreePortRanges(Core.Limits.MastersMax);
        var local = new LocalCluster(dir, httpBase, raftBase, RaftosExecutable.Current());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            local.Settings[key] = value;
        var cluster = new TestCluster(local, output);
        local.StartNew(masters);
        await local.WaitReadyAsync(cluster.Http.Client, TimeSpan.FromSeconds(60));
        if (agents > 0)
        {
            // Tasks stop quickly in tests; the defaults of the failure detector stay as shipped.
            local.AgentSettings["StopGrace"] = "00:00:01";
            local.StartAgents(agents, agentCpuMillis, agentMemoryMb);
            await local.WaitAgentsRegisteredAsync(cluster.Http.Client, TimeSpan.FromSeconds(60));
        }

        return cluster;
    }

    /// <summary>The leader as the surviving masters agree on it.</summary>
    public async Task<LocalMaster> LeaderAsync(TimeSpan? timeout = null, IEnumerable<LocalMaster>? among = null)
        => await Eventually.GetAsync(async () =>
        {
            string? agreed = null;
            foreach (var master in (among ?? Masters).Where(m => m.IsRunning))
            {
                var view = await Http.ClusterAsync(master.HttpUrl);
                if (view?.LeaderId is null || (agreed is not null && agreed != view.LeaderId))
                    return null;
                agreed = view.LeaderId;
            }

            return Masters.FirstOrDefault(m => m.Id == agreed && m.IsRunning);
        }, timeout ?? TimeSpan.FromSeconds(10), "the running masters agreeing on a leader");

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        foreach (var (id, log) in Masters.Select(m => (m.Id, m.LogPath)).Concat(Agents.Select(a => (a.Id, a.LogPath))))
        {
            if (File.Exists(log))
            {
                output.WriteLine($"---- {id} log (last lines) ----");
                foreach (var line in File.ReadLines(log).TakeLast(40))
                    output.WriteLine(line);
            }
        }

        Http.Dispose();
        try
        {
            Directory.Delete(Local.Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // Two runs of free consecutive ports, so masters can be added later without clashing.
    private static (int Http, int Raft) FreePortRanges(int width)
    {
        var start = LoopbackPorts.FreeRun(2 * width, 20_000, 60_000);
        return (start, start + width);
    }
}
