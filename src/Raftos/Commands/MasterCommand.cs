using System.CommandLine;
using System.Diagnostics;
using Raftos.Dev;
using Raftos.Master.Hosting;

namespace Raftos.Commands;

/// <summary><c>raftos master</c>: runs one master until SIGTERM or Ctrl-C.</summary>
public static class MasterCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Master id, e.g. m1 (Master:NodeId)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for the log, snapshots and membership (Master:DataDir)" };
        var raft = new Option<string?>("--raft") { Description = "Raft TCP endpoint, ip:port (Master:RaftAddress)" };
        var http = new Option<string?>("--http") { Description = "HTTP API URL, e.g. http://127.0.0.1:8101 (Master:HttpAddress)" };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated Raft endpoints of the initial masters, this one included; omit to join an existing cluster" };
        var config = new Option<string?>("--config") { Description = "A JSON settings file (same shape as appsettings.json)" };
        var logFormat = new Option<string?>("--log-format") { Description = "Console log format: text (default) or json, one object a line (Master:LogFormat)" };
        var exitWithParent = new Option<int?>("--exit-with-parent") { Description = "Stop when this process id exits (used by raftos dev)", Hidden = true };

        var command = new Command("master", "Run a master: a Raft replica of the cluster state with the HTTP API.")
        {
            id, dataDir, raft, http, peers, config, logFormat, exitWithParent,
        };
        command.SetAction(async (result, token) =>
        {
            var flags = new Dictionary<string, string?>();
            void Flag(string key, string? value)
            {
                if (value is not null)
                    flags[$"{MasterHost.Section}:{key}"] = value;
            }

            Flag("NodeId", result.GetValue(id));
            Flag("DataDir", result.GetValue(dataDir));
            Flag("RaftAddress", result.GetValue(raft));
            Flag("HttpAddress", result.GetValue(http));
            Flag("LogFormat", result.GetValue(logFormat));
            var peerList = result.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            for (var i = 0; i < peerList.Length; i++)
                Flag($"Peers:{i}", peerList[i]);

            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = MasterHost.Build(RaftosConfiguration.Load(result.GetValue(config), flags));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync($"raftos master: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using (app.ConfigureAwait(false))
            {
                if (result.GetValue(exitWithParent) is { } parent)
                    _ = ParentWatch.StopWhenGoneAsync(parent, app, token);
                try
                {
                    await app.RunAsync(token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
                {
                    // An address in use, a data directory we may not write, a damaged log: say so, no stack trace.
                    await Console.Error.WriteLineAsync($"raftos master: cannot start: {e.Message}").ConfigureAwait(false);
                    return 1;
                }
            }

            // Non-zero when the master stopped itself on a failure (e.g. its Raft node failed), so a supervisor restarts it.
            return Environment.ExitCode;
        });
        return command;
    }
}
