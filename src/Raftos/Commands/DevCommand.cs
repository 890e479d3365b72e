using System.CommandLine;
using System.Runtime.InteropServices;
using Raftos.Dev;

namespace Raftos.Commands;

/// <summary><c>raftos dev</c>: a local cluster of master processes on 127.0.0.1, stopped with Ctrl-C.</summary>
public static class DevCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var dir = new Option<string>("--dir") { Description = "Directory for the masters' data and cluster.json", DefaultValueFactory = _ => ".raftos/dev" };
        var masters = new Option<int>("--masters") { Description = "Number of masters (1 to 7)", DefaultValueFactory = _ => 3 };
        var clean = new Option<bool>("--clean") { Description = "Delete the directory first (otherwise existing data is reused)" };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port of the first master; the others follow", DefaultValueFactory = _ => 8101 };
        var raftPort = new Option<int>("--raft-port") { Description = "Raft port of the first master; the others follow", DefaultValueFactory = _ => 7101 };
        var agents = new Option<int>("--agents") { Description = "Number of agents (0 to 64), each offering an equal share of this machine", DefaultValueFactory = _ => 3 };
        var logFormat = new Option<string>("--log-format") { Description = "Log format of the masters and agents: text or json", DefaultValueFactory = _ => Core.LogFormat.Text };
        var command = new Command("dev", "Run a local cluster: masters and agents on 127.0.0.1, data under --dir, cluster.json for tools.")
        {
            dir, masters, agents, clean, httpPort, raftPort, logFormat,
        };
        command.SetAction((result, token) => RunAsync(
            new DevSettings(result.GetValue(dir)!, result.GetValue(masters), result.GetValue(agents), result.GetValue(clean), result.GetValue(httpPort), result.GetValue(raftPort), result.GetValue(logFormat)!),
            token));
        return command;
    }

    private sealed record DevSettings(string Dir, int Masters, int Agents, bool Clean, int HttpPort, int RaftPort, string LogFormat);

    private static async Task<int> RunAsync(DevSettings settings, CancellationToken token)
    {
        var (dir, count, agentCount, clean, httpPort, raftPort, logFormat) = settings;
        if (count is < 1 or > Core.Limits.MastersMax)
        {
            await Console.Error.WriteLineAsync($"raftos dev: --masters is 1 to {Core.Limits.MastersMax}").ConfigureAwait(false);
            return 2;
        }

        if (agentCount is < 0 or > 64)
        {
            await Console.Error.WriteLineAsync("raftos dev: --agents is 0 to 64").ConfigureAwait(false);
            return 2;
        }

        if (Core.LogFormat.Validate(logFormat, "--log-format") is { } badFormat)
        {
            await Console.Error.WriteLineAsync($"raftos dev: {badFormat}").ConfigureAwait(false);
            return 2;
        }

        var fullDir = Path.GetFullPath(dir);
        if (clean && Directory.Exists(fullDir))
            Directory.Delete(fullDir, recursive: true);
        var reused = Directory.Exists(Path.Combine(fullDir, "m1"));
        Directory.CreateDirectory(fullDir);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        await using var cluster = new LocalCluster(fullDir, httpPort, raftPort, RaftosExecutable.Current());
        cluster.Settings["LogFormat"] = logFormat;
        cluster.AgentSettings["LogFormat"] = logFormat;
        cluster.StartNew(count);
        Console.WriteLine(reused ? $"Reusing the data in {fullDir}" : $"New cluster in {fullDir}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await cluster.WaitReadyAsync(http, TimeSpan.FromSeconds(60), stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"raftos dev: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }

        if (agentCount > 0)
        {
            var (cpu, memory) = ShareOfMachine(agentCount);
            cluster.StartAgents(agentCount, cpu, memory);
            try
            {
                await cluster.WaitAgentsRegisteredAsync(http, TimeSpan.FromSeconds(60), stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"raftos dev: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 130;
            }
        }

        cluster.WriteClusterFile();
        foreach (var master in cluster.Masters)
            Console.WriteLine($"  {master.Id}  {master.HttpUrl}  raft {master.RaftAddress}  pid {master.Pid}  log {master.LogPath}");
        foreach (var agent in cluster.Agents)
            Console.WriteLine($"  {agent.Id}  {agent.CpuMillis} millicores, {agent.MemoryMb} MB  {string.Join(' ', agent.Attributes.Select(a => $"{a.Key}={a.Value}"))}  pid {agent.Pid}  log {agent.LogPath}");
        Console.WriteLine($"API:       {cluster.Masters[0].HttpUrl}/v1/cluster");
        Console.WriteLine($"Dashboard: {cluster.Masters[0].HttpUrl}/ui");
        Console.WriteLine($"Cluster file: {cluster.ClusterFilePath}");
        Console.WriteLine("Press Ctrl-C to stop the cluster.");

        var exited = new HashSet<string>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(500, stop.Token).ConfigureAwait(false);
                foreach (var master in cluster.Masters.Where(m => !m.IsRunning && exited.Add(m.Id)))
                    Console.WriteLine($"master {master.Id} exited; see {master.LogPath}");
                foreach (var agent in cluster.Agents.Where(a => !a.IsRunning && exited.Add(a.Id)))
                    Console.WriteLine($"agent {agent.Id} exited; see {agent.LogPath}");
            }
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("Stopping agents (and their tasks) and masters...");
        return 0;
    }

    // Each agent offers an equal slice of this machine, so the dev cluster never promises
    // more than the machine has.
    private static (long CpuMillis, long MemoryMb) ShareOfMachine(int agents)
    {
        var cpu = Environment.ProcessorCount * 1000L / agents;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024) / agents;
        return (Math.Max(100, cpu), Math.Max(128, memory));
    }
}
