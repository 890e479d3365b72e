using System.CommandLine;
using System.Globalization;
using Raftos.Client;
using MasterRules = Raftos.Core.Commands.MasterRules;
using Raftos.Master.Raft;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos snapshot save|restore</c>: backups of the cluster state, and a new cluster from one.</summary>
public static class SnapshotCli
{
    /// <summary>Builds the command.</summary>
    public static Command Create() => new("snapshot", "Back up the cluster state, or start a new cluster from a backup")
    {
        Save(),
        Restore(),
    };

    private static Command Save()
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the snapshot (replaced atomically)" };
        var stale = new Option<bool>("--stale") { Description = "Take the answering master's state without a read barrier" };
        return new Command("save", "Download a consistent snapshot of the cluster state from any master") { file, stale }
            .Runs(async (cli, token) =>
            {
                var path = Path.GetFullPath(cli.Result.GetValue(file)!);
                var saved = await SaveAtomicallyAsync(cli.Client, path, cli.Result.GetValue(stale), token).ConfigureAwait(false);
                return cli.Print(saved, RaftosJsonContext.Default.SnapshotSaveResult, output => output.WriteLine(
                    string.Create(CultureInfo.InvariantCulture, $"snapshot at index {saved.Index} saved to {path} ({saved.Bytes} bytes)")));
            });
    }

    // Into FILE.partial, flushed to disk and checked to decode, then renamed over FILE: FILE is
    // either the old backup or the whole new one, never a torn download.
    private static async Task<SnapshotSaveResult> SaveAtomicallyAsync(RaftosClient client, string path, bool stale, CancellationToken token)
    {
        var partial = path + ".partial";
        try
        {
            SnapshotSaveResult saved;
            var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                saved = await client.Snapshots.SaveAsync(stream, stale, token).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            SnapshotRestore.Decode(await File.ReadAllBytesAsync(partial, token).ConfigureAwait(false));
            File.Move(partial, path, overwrite: true);
            return saved;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {path}: {e.Message}", e);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static Command Restore()
    {
        var file = new Argument<string>("FILE") { Description = "A snapshot written by raftos snapshot save" };
        var dataDir = new Option<string>("--data-dir") { Description = "The new master's data directory; must not exist or be empty", Required = true };
        var id = new Option<string>("--id") { Description = "The new master's id, e.g. m1", Required = true };
        var raft = new Option<string>("--raft") { Description = "The new master's Raft endpoint, ip:port", Required = true };
        var http = new Option<string>("--http") { Description = "The new master's HTTP API URL, e.g. http://10.0.0.1:8101", Required = true };
        var peers = new Option<string?>("--peers") { Description = "Comma-separated Raft endpoints of all the new cluster's masters, this one included (each restored from the same file); default: this one alone" };
        var command = new Command("restore", "Offline: create a new master data directory holding a snapshot's state, the first master of a new cluster")
        {
            file, dataDir, id, raft, http, peers,
        };
        return command.RunsLocally(async (cli, token) =>
        {
            var (master, raftAddress, httpUrl) = (cli.Result.GetValue(id)!, cli.Result.GetValue(raft)!, cli.Result.GetValue(http)!);
            if (MasterRules.ValidateId(master) is { } badId)
                throw new CliException($"--id: {badId.Detail}");
            if (MasterRules.ValidateHttpUrl(httpUrl) is not null)
                throw new CliException($"--http: '{httpUrl}' is not an absolute http:// URL");
            var members = cli.Result.GetValue(peers)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [raftAddress];
            if (!members.Contains(raftAddress))
                throw new CliException($"--peers must include this master's own Raft address {raftAddress}");

            var source = cli.Result.GetValue(file)!;
            if (!File.Exists(source))
                throw new CliException($"{source}: no such file");
            var directory = Path.GetFullPath(cli.Result.GetValue(dataDir)!);
            Core.State.ClusterSnapshot restored;
            try
            {
                var bytes = await File.ReadAllBytesAsync(source, token).ConfigureAwait(false);
                restored = await SnapshotRestore.RestoreAsync(bytes, directory, members, token).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new CliException($"{source} is {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new CliException(e.Message, e);
            }

            await cli.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"restored index {restored.AppliedIndex} into {directory}: {restored.KeyValues.Count} keys, {restored.Agents.Count} agents, {restored.Jobs.Count} jobs, {restored.Tasks.Count} tasks")).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(
                $"start it with: raftos master --id {master} --data-dir {directory} --raft {raftAddress} --http {httpUrl}").ConfigureAwait(false);
            return 0;
        });
    }
}
