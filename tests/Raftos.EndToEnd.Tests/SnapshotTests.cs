using System.Globalization;
using System.Text.Json;
using Raftos.Client;
using Raftos.Dev;

namespace Raftos.EndToEnd.Tests;

/// <summary>
/// <c>raftos snapshot save</c> from a running cluster, <c>raftos snapshot restore</c> into a new
/// data directory, and a master started from it with JSON logs. Leaves the shared cluster as
/// it found it.
/// </summary>
[Collection(ApiCluster.Name)]
public sealed class SnapshotTests(ApiCluster fixture) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly TestCluster cluster = fixture.Cluster;
    private readonly RaftosClient client = new([.. fixture.Cluster.MasterUrls]);
    private readonly string dir = Path.Combine(fixture.Cluster.Local.Dir, "snapshot-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_saved_snapshot_restores_into_a_new_master_with_the_keys_and_jobs()
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "backup.snap");
        await client.KeyValues.PutAsync("backup/color", "teal");
        // Constrained to a zone no agent has: it waits, and starts no process anywhere.
        await client.Jobs.SubmitAsync(new JobSpec
        {
            Id = "backup-job",
            Task = new TaskSpec { Command = "sleep", Args = ["600"] },
            Constraints = [new Constraint { Attribute = "zone", Operator = "=", Value = "nowhere" }],
        });
        try
        {
            var saved = (await RaftosAsync("snapshot", "save", file)).Succeeded();
            var match = System.Text.RegularExpressions.Regex.Match(saved, @"^snapshot at index (\d+) saved to (.+) \((\d+) bytes\)\n$");
            Assert.True(match.Success, saved);
            var index = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Equal(file, match.Groups[2].Value);
            Assert.Equal(new FileInfo(file).Length, long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));

            var restored = new LocalMaster("r1", LocalPorts.Unused(), LocalPorts.Unused(), Path.Combine(dir, "r1"), RaftosExecutable.Current());
            var restoredOutput = (await RaftosAsync("snapshot", "restore", file, "--data-dir", restored.DataDir,
                "--id", restored.Id, "--raft", restored.RaftAddress, "--http", restored.HttpUrl)).Succeeded();
            Assert.StartsWith($"restored index {index} into {restored.DataDir}: ", restoredOutput, StringComparison.Ordinal);

            var process = new LocalProcess("master r1", restored.DataDir + ".log", RaftosExecutable.Current());
            process.Start(["master", "--id", restored.Id, "--data-dir", restored.DataDir, "--raft", restored.RaftAddress, "--http", restored.HttpUrl, "--log-format", "json"],
                new Dictionary<string, string>());
            try
            {
                using var restoredClient = new RaftosClient(restored.HttpUrl);
                var color = await Eventually.GetAsync(async () => await TryAsync(() => restoredClient.KeyValues.GetAsync("backup/color")), Settle, "the restored key");
                Assert.Equal("teal", color.Text);
                Assert.Equal("backup-job", (await restoredClient.Jobs.GetAsync("backup-job")).Id);

                // The new cluster's log continues after the snapshot, and it has this master alone.
                var written = await cluster.Http.PutAsync(restored.HttpUrl, "backup/after", "yes");
                Assert.Equal(System.Net.HttpStatusCode.OK, written.Status);
                Assert.True(written.Index > index, $"index {written.Index} after a snapshot at {index}");
                var masters = await Eventually.GetAsync(async () =>
                {
                    var view = await restoredClient.Cluster.GetAsync();
                    return view.Masters.Count == 1 && view.Masters[0].Id == "r1" ? view.Masters : null;
                }, Settle, "r1 the only master");
                Assert.True(masters[0].Voter);

                var lines = File.ReadLines(restored.DataDir + ".log").Where(l => l.Length > 0).ToList();
                Assert.NotEmpty(lines);
                foreach (var line in lines)
                {
                    using var json = JsonDocument.Parse(line);
                    Assert.Equal("r1", json.RootElement.GetProperty("NodeId").GetString());
                    Assert.True(json.RootElement.TryGetProperty("@t", out _), line);
                }
            }
            finally
            {
                await process.StopAsync(TimeSpan.FromSeconds(5));
            }
        }
        finally
        {
            await client.Jobs.StopAsync("backup-job");
            await client.KeyValues.DeleteAsync("backup/color");
        }
    }

    [Fact]
    public async Task Restore_refuses_a_missing_or_corrupt_file_and_a_non_empty_data_directory()
    {
        Directory.CreateDirectory(dir);
        var corrupt = Path.Combine(dir, "corrupt.snap");
        await File.WriteAllTextAsync(corrupt, "not a snapshot");
        var used = Path.Combine(dir, "used");
        Directory.CreateDirectory(used);
        await File.WriteAllTextAsync(Path.Combine(used, "something"), "x");
        var good = Path.Combine(dir, "good.snap");
        (await RaftosAsync("snapshot", "save", good)).Succeeded();
        string[] target = ["--id", "r2", "--raft", "127.0.0.1:7999", "--http", "http://127.0.0.1:8999"];

        var missing = (await RaftosAsync(["snapshot", "restore", Path.Combine(dir, "nothing.snap"), "--data-dir", Path.Combine(dir, "a"), .. target])).Failed();
        var undecodable = (await RaftosAsync(["snapshot", "restore", corrupt, "--data-dir", Path.Combine(dir, "b"), .. target])).Failed();
        var notEmpty = (await RaftosAsync(["snapshot", "restore", good, "--data-dir", used, .. target])).Failed();

        Assert.Equal($"raftos: {Path.Combine(dir, "nothing.snap")}: no such file", missing);
        Assert.StartsWith($"raftos: {corrupt} is not a Raftos snapshot (", undecodable, StringComparison.Ordinal);
        Assert.Equal($"raftos: {used} is not empty: restore creates a new data directory", notEmpty);
        Assert.False(Directory.Exists(Path.Combine(dir, "a")));
        Assert.False(Directory.Exists(Path.Combine(dir, "b")));
        Assert.Equal(["something"], Directory.EnumerateFileSystemEntries(used).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_unknown_log_format_is_refused_with_exit_code_2()
    {
        var result = await RaftosAsync("master", "--id", "x1", "--data-dir", Path.Combine(dir, "x1"), "--log-format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("raftos master: Master:LogFormat is 'text' or 'json', not 'xml'\n", result.Error);
    }

    private Task<RaftosCli.Result> RaftosAsync(params string[] arguments) => RaftosCli.RunAsync(cluster.MasterUrls, arguments);

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RaftosApiException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        client.Dispose();
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }
}
