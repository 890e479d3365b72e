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
        var command = new Command("dev", "Run a local cluster: masters on 127.0.0.1, data under --dir, cluster.json for tools.")
        {
            dir, masters, clean, httpPort, raftPort,
        };
        command.SetAction((result, token) => RunAsync(
            result.GetValue(dir)!, result.GetValue(masters), result.GetValue(clean), result.GetValue(httpPort), result.GetValue(raftPort), token));
        return command;
    }

    private static async Task<int> RunAsync(string dir, int count, bool clean, int httpPort, int raftPort, CancellationToken token)
    {
        if (count is < 1 or > Core.Limits.MastersMax)
        {
            await Console.Error.WriteLineAsync($"raftos dev: --masters is 1 to {Core.Limits.MastersMax}").ConfigureAwait(false);
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

        cluster.WriteClusterFile();
        foreach (var master in cluster.Masters)
            Console.WriteLine($"  {master.Id}  {master.HttpUrl}  raft {master.RaftAddress}  pid {master.Pid}  log {master.LogPath}");
        Console.WriteLine($"API:       {cluster.Masters[0].HttpUrl}/v1/cluster");
        Console.WriteLine("Dashboard: not built yet; use the HTTP API above");
        Console.WriteLine($"Cluster file: {cluster.ClusterFilePath}");
        Console.WriteLine("Press Ctrl-C to stop all masters.");

        var exited = new HashSet<string>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(500, stop.Token).ConfigureAwait(false);
                foreach (var master in cluster.Masters.Where(m => !m.IsRunning && exited.Add(m.Id)))
                    Console.WriteLine($"master {master.Id} exited; see {master.LogPath}");
            }
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("Stopping masters...");
        return 0;
    }
}
