namespace Raftos.Chaos.Checking;

/// <summary>
/// No node logged an unhandled exception or a fatal error. One failure is known and handled:
/// DotNext's write-ahead log race (<see cref="KnownFailure.RaftFailedInsideDotNext"/>), after
/// which the master exits with code 70 and is restarted; its fatal lines are counted, not failed.
/// </summary>
public static class NodeLogs
{
    private static readonly string[] Signs = ["unhandled exception", " FTL ", "\"@l\":\"Fatal\""];
    private static readonly string[] KnownSigns = [KnownFailure.RaftFailedInsideDotNext, "Transition to candidate state has failed"];

    /// <summary>Scans every <c>*.log</c> in <paramref name="dir"/> (the nodes' logs).</summary>
    public static CheckVerdict Check(string dir)
    {
        var violations = new List<string>();
        var files = Directory.EnumerateFiles(dir, "*.log").Order(StringComparer.Ordinal).ToList();
        long lines = 0;
        var known = 0;
        foreach (var file in files)
        {
            var handled = File.ReadLines(file).Any(l => l.Contains(KnownFailure.RaftFailedInsideDotNext, StringComparison.Ordinal));
            string? flagged = null;
            foreach (var line in File.ReadLines(file))
            {
                lines++;

                // A request that met the failed log in the moments before the exit: the exception
                // (the known missing page) is on the line after Kestrel's.
                if (flagged is not null)
                {
                    if (handled && line.Contains(KnownFailure.MissingWalPage, StringComparison.Ordinal))
                    {
                        known++;
                        violations.RemoveAt(violations.Count - 1);
                    }

                    flagged = null;
                }

                if (!Signs.Any(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)))
                    continue;
                if (handled && KnownSigns.Any(s => line.Contains(s, StringComparison.Ordinal)))
                    known++;
                else
                {
                    violations.Add($"{Path.GetFileName(file)}: {line[..Math.Min(line.Length, 300)]}");
                    flagged = line;
                }
            }
        }

        return CheckVerdict.Of("node-logs", $"{files.Count} node logs, {lines} lines; {known} fatal lines of the known DotNext log failure (handled: exit 70, restart)", violations);
    }
}
