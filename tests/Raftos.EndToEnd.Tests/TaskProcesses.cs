using System.Text;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// The task processes actually alive on this machine, found by the RAFTOS_* variables every
/// task inherits: the ground truth behind "no task runs twice".
/// </summary>
internal static class TaskProcesses
{
    public sealed record Found(int Pid, string TaskId, string AgentId, IReadOnlyDictionary<string, string> Variables);

    public static List<Found> OfJob(string jobId)
    {
        var found = new List<Found>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            string environ;
            try
            {
                environ = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ")));
                if (File.ReadAllText(Path.Combine(dir, "stat")).Split(' ')[2] == "Z")
                    continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var variables = environ.Split('\0').Select(v => v.Split('=', 2)).Where(v => v.Length == 2).ToDictionary(v => v[0], v => v[1]);
            if (variables.GetValueOrDefault("RAFTOS_JOB_ID") == jobId && variables.TryGetValue("RAFTOS_TASK_ID", out var task))
                found.Add(new Found(pid, task, variables.GetValueOrDefault("RAFTOS_AGENT_ID") ?? "", variables));
        }

        return found;
    }

    /// <summary>Distinct task ids with a live process.</summary>
    public static SortedSet<string> LiveTaskIds(string jobId) => new(OfJob(jobId).Select(f => f.TaskId), StringComparer.Ordinal);
}
