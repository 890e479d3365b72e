namespace Raftos.Chaos.Checking;

/// <summary>No node logged an unhandled exception or a fatal error.</summary>
public static class NodeLogs
{
    private static readonly string[] Signs = ["unhandled exception", " FTL ", "\"@l\":\"Fatal\""];

    /// <summary>Scans every <c>*.log</c> in <paramref name="dir"/> (the nodes' logs).</summary>
    public static CheckVerdict Check(string dir)
    {
        var violations = new List<string>();
        var files = Directory.EnumerateFiles(dir, "*.log").Order(StringComparer.Ordinal).ToList();
        long lines = 0;
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                lines++;
                if (Signs.Any(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)))
                    violations.Add($"{Path.GetFileName(file)}: {line[..Math.Min(line.Length, 300)]}");
            }
        }

        return CheckVerdict.Of("node-logs", $"{files.Count} node logs, {lines} lines", violations);
    }
}
