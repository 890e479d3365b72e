using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Raftos.Bench;

/// <summary>
/// <c>raftos-bench reschedule</c>: against a running <c>raftos dev</c> cluster, SIGKILL one agent
/// together with its task processes (a server dying) and time how long until every one of
/// its tasks runs again on another agent. One agent per run; prints a table and the median.
/// </summary>
internal static class RescheduleCommand
{
    private const string JobId = "bench-reschedule";

    public static Command Create()
    {
        var clusterFile = new Option<FileInfo>("--cluster-file") { Description = "The cluster.json written by 'raftos dev'.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Agents to kill, one per run (the cluster needs runs + 1 agents).", DefaultValueFactory = _ => 5 };
        var tasks = new Option<int>("--tasks") { Description = "Tasks of the service job spread over the agents.", DefaultValueFactory = _ => 3 };
        var maxWait = SharedOptions.Duration("--max-wait", TimeSpan.FromSeconds(60), "Patience per run.");
        var command = new Command("reschedule", "Kill agents (and their tasks) and time until their tasks run elsewhere.")
        {
            clusterFile, runs, tasks, maxWait,
        };
        command.SetAction(async (parse, token) =>
        {
            var cluster = await DevClusterFile.ReadAsync(parse.GetRequiredValue(clusterFile), token);
            var masters = cluster.MasterUrls.ToList();
            var agents = cluster.AgentPids;
            var runCount = parse.GetValue(runs);
            if (agents.Count < runCount + 1)
            {
                await Console.Error.WriteLineAsync($"reschedule: {runCount} runs need at least {runCount + 1} agents; the cluster has {agents.Count}");
                return 2;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var taskCount = parse.GetValue(tasks);
            await SubmitAsync(http, masters, taskCount, token);
            var results = new List<(int Run, string Agent, int Moved, double LostMs, double RunningMs)>();
            var killed = new HashSet<string>(StringComparer.Ordinal);
            for (var run = 1; run <= runCount; run++)
            {
                var running = await WaitRunningAsync(http, masters, taskCount, killed, parse.GetValue(maxWait), token);
                var victim = running.Select(t => t.Agent).First(a => !killed.Contains(a));
                var moved = running.Count(t => t.Agent == victim);
                var started = Stopwatch.GetTimestamp();
                KillProcess(agents[victim]);
                KillTasksOf(victim);
                killed.Add(victim);

                double? lostMs = null;
                var deadline = started + (long)(parse.GetValue(maxWait).TotalSeconds * Stopwatch.Frequency);
                while (true)
                {
                    token.ThrowIfCancellationRequested();
                    if (Stopwatch.GetTimestamp() > deadline)
                    {
                        await Console.Error.WriteLineAsync($"reschedule: run {run}: tasks of {victim} not running elsewhere within {parse.GetValue(maxWait).TotalSeconds} s");
                        return 1;
                    }

                    var all = await TasksAsync(http, masters, token);
                    if (lostMs is null && all.Any(t => t.Agent == victim && t.State == "lost"))
                        lostMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (all.Count(t => t.State == "running" && !killed.Contains(t.Agent)) == taskCount)
                        break;
                    await Task.Delay(10, token);
                }

                var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                results.Add((run, victim, moved, lostMs ?? total, total));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: killed {victim} with {moved} tasks; lost after {lostMs ?? total:0} ms, running elsewhere after {total:0} ms"));
            }

            var report = new StringBuilder();
            report.AppendLine("| run | agent killed | its tasks | declared lost (ms) | all running elsewhere (ms) |");
            report.AppendLine("|---:|---|---:|---:|---:|");
            foreach (var r in results)
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Run} | {r.Agent} | {r.Moved} | {r.LostMs:0} | {r.RunningMs:0} |"));
            var median = Median(results.Select(r => r.RunningMs));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| **median** | | | {Median(results.Select(r => r.LostMs)):0} | **{median:0}** |"));
            Console.WriteLine();
            Console.Write(report);
            return 0;
        });
        return command;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task SubmitAsync(HttpClient http, List<string> masters, int tasks, CancellationToken token)
    {
        var spec = new
        {
            id = JobId,
            type = "service",
            count = tasks,
            strategy = "spread",
            task = new { command = "sleep", args = new[] { "3600" }, resources = new { cpuMillis = 50, memoryMb = 16 } },
        };
        using var response = await http.PostAsJsonAsync(new Uri(masters[0] + "/v1/jobs"), spec, token);
        response.EnsureSuccessStatusCode();
    }

    private sealed record TaskState(string Id, string State, string Agent);

    private static async Task<List<TaskState>> TasksAsync(HttpClient http, List<string> masters, CancellationToken token)
    {
        foreach (var master in masters)
        {
            try
            {
                using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{master}/v1/tasks?job={JobId}&stale"), token));
                return [.. document.RootElement.EnumerateArray().Select(t => new TaskState(
                    t.GetProperty("id").GetString()!, t.GetProperty("state").GetString()!, t.GetProperty("agentId").GetString() ?? string.Empty))];
            }
            catch (HttpRequestException)
            {
            }
        }

        throw new HttpRequestException("no master answered");
    }

    private static async Task<List<TaskState>> WaitRunningAsync(HttpClient http, List<string> masters, int tasks, HashSet<string> killed, TimeSpan maxWait, CancellationToken token)
    {
        var deadline = DateTime.UtcNow + maxWait;
        while (DateTime.UtcNow < deadline)
        {
            var running = (await TasksAsync(http, masters, token)).Where(t => t.State == "running" && !killed.Contains(t.Agent)).ToList();
            if (running.Count == tasks)
                return running;
            await Task.Delay(50, token);
        }

        throw new TimeoutException($"{tasks} tasks were not running within {maxWait.TotalSeconds} s");
    }

    // Process.Kill is SIGKILL on Unix.
    private static void KillProcess(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    // Task processes carry RAFTOS_AGENT_ID; killing them with the agent is what a dead server looks like.
    private static void KillTasksOf(string agentId)
    {
        var marker = Encoding.UTF8.GetBytes($"RAFTOS_AGENT_ID={agentId}\0");
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                if (File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(marker) >= 0)
                    KillProcess(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
