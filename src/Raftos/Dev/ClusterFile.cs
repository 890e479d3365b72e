using System.Text.Json;

namespace Raftos.Dev;

/// <summary>The <c>cluster.json</c> that <c>raftos dev</c> writes so tools and tests can find the cluster.</summary>
public sealed record ClusterFile(string Dir, IReadOnlyList<ClusterFile.Master> Masters, IReadOnlyList<ClusterFile.Agent> Agents)
{
    /// <summary>One master's entry.</summary>
    public sealed record Master(string Id, int Pid, string HttpUrl, string RaftEndpoint, string DataDir, string Log);

    /// <summary>One agent's entry.</summary>
    public sealed record Agent(string Id, int Pid, long CpuMillis, long MemoryMb, IReadOnlyDictionary<string, string> Attributes, string DataDir, string Log);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Writes the file atomically (write, then rename).</summary>
    public void Write(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a cluster file.</summary>
    public static ClusterFile Read(string path)
        => JsonSerializer.Deserialize<ClusterFile>(File.ReadAllText(path), Json)
           ?? throw new InvalidDataException($"{path} is empty");
}
