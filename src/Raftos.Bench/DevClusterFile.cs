using System.Text.Json;

namespace Raftos.Bench;

/// <summary>What the benchmarks need from the <c>cluster.json</c> that <c>raftos dev</c> writes: where the masters listen, and the agents' pids.</summary>
internal sealed record DevClusterFile(IReadOnlyList<string> MasterUrls, IReadOnlyDictionary<string, int> AgentPids)
{
    public static async Task<DevClusterFile> ReadAsync(FileInfo file, CancellationToken token)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file.FullName, token));
        var root = document.RootElement;
        var masters = root.GetProperty("masters").EnumerateArray().Select(m => m.GetProperty("httpUrl").GetString()!).ToList();
        var agents = root.GetProperty("agents").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("pid").GetInt32(), StringComparer.Ordinal);
        return new DevClusterFile(masters, agents);
    }
}
