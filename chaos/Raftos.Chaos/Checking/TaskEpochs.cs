using System.Globalization;
using System.Text.Json;

namespace Raftos.Chaos.Checking;

/// <summary>
/// Samples which task processes really run on each agent (from the agents' task records and
/// /proc, not from what the masters believe): a task running on two agents under the same
/// assignment epoch would be a task placed twice.
/// </summary>
public sealed class TaskEpochs
{
    private readonly Dictionary<(string Task, long Epoch), HashSet<string>> seenTogether = [];
    private readonly List<string> violations = [];
    private long samples;
    private long runningSeen;

    /// <summary>Samples the agents' data directories (agent id → directory) every <paramref name="every"/> until <paramref name="stop"/>.</summary>
    public async Task RunAsync(IReadOnlyDictionary<string, string> agentDirs, TimeSpan every, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(agentDirs);
        while (!stop.IsCancellationRequested)
        {
            Sample(agentDirs);
            try
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One look at every agent's running tasks.</summary>
    public void Sample(IReadOnlyDictionary<string, string> agentDirs)
    {
        ArgumentNullException.ThrowIfNull(agentDirs);
        var running = new Dictionary<(string Task, long Epoch), List<string>>();
        foreach (var (agent, dir) in agentDirs)
        {
            foreach (var (task, epoch) in RunningTasks(dir))
            {
                if (!running.TryGetValue((task, epoch), out var on))
                    running[(task, epoch)] = on = [];
                on.Add(agent);
            }
        }

        lock (violations)
        {
            samples++;
            runningSeen += running.Count;
            foreach (var ((task, epoch), on) in running.Where(r => r.Value.Count > 1))
            {
                if (!seenTogether.TryGetValue((task, epoch), out var known))
                    seenTogether[(task, epoch)] = known = new(StringComparer.Ordinal);
                // Every agent is recorded (no short-circuit), so one pair is reported once.
                var newlySeen = on.Where(known.Add).ToList();
                if (newlySeen.Count > 0)
                    violations.Add($"task {task} epoch {epoch} ran on {string.Join(" and ", on.Order(StringComparer.Ordinal))} at once");
            }
        }
    }

    /// <summary>No task ran on two agents under one epoch.</summary>
    public CheckVerdict Verdict()
    {
        lock (violations)
            return CheckVerdict.Of("task-epochs", $"{samples} samples of every agent's processes, {runningSeen} running task sightings", violations);
    }

    // The tasks whose recorded process is alive: pid present and started when the record says.
    private static IEnumerable<(string Task, long Epoch)> RunningTasks(string agentDir)
    {
        var root = Path.Combine(agentDir, "tasks");
        if (!Directory.Exists(root))
            yield break;
        foreach (var record in SafeEnumerate(root))
        {
            if (Read(record) is { } found && IsAlive(found.Pid, found.StartTime))
                yield return (found.Task, found.Epoch);
        }
    }

    private static IEnumerable<string> SafeEnumerate(string root)
    {
        try
        {
            return [.. Directory.EnumerateDirectories(root).Select(d => Path.Combine(d, "task.json"))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static (string Task, long Epoch, int Pid, long StartTime)? Read(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            if (root.TryGetProperty("reportedAt", out var reported) && reported.ValueKind != JsonValueKind.Null)
                return null;
            var launch = root.GetProperty("launch");
            return (launch.GetProperty("taskId").GetString()!, launch.GetProperty("epoch").GetInt64(), root.GetProperty("pid").GetInt32(), root.GetProperty("processStartTime").GetInt64());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    // /proc/PID/stat: the start time (field 22) tells a reused pid apart; a zombie (state Z) has ended.
    private static bool IsAlive(int pid, long startTime)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] != "Z" && long.Parse(fields[19], CultureInfo.InvariantCulture) == startTime;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
