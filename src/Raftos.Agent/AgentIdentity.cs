namespace Raftos.Agent;

/// <summary>The agent's stable id, kept in its data directory so a restart is the same agent.</summary>
internal static class AgentIdentity
{
    private const string FileName = "agent-id";

    public static string LoadOrCreate(string dataDir, string configured)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Trim();
            if (configured.Length > 0 && configured != kept)
                throw new InvalidOperationException($"the data directory {dataDir} belongs to agent '{kept}', not '{configured}'");
            return kept;
        }

        var id = configured.Length > 0 ? configured : "agent-" + Guid.NewGuid().ToString("N")[..8];
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(id + "\n"));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return id;
    }
}
