using System.Globalization;

namespace Raftos.Dev;

/// <summary>One master process on this machine, with its own data directory and log file.</summary>
public sealed class LocalMaster(string id, int raftPort, int httpPort, string dataDir, RaftosExecutable executable)
{
    private readonly LocalProcess process = new($"master {id}", dataDir + ".log", executable);

    /// <summary>Master id.</summary>
    public string Id { get; } = id;

    /// <summary>Raft endpoint.</summary>
    public string RaftAddress { get; } = $"127.0.0.1:{raftPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>HTTP API URL.</summary>
    public string HttpUrl { get; } = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Data directory.</summary>
    public string DataDir { get; } = dataDir;

    /// <summary>File receiving the master's stdout and stderr.</summary>
    public string LogPath => process.LogPath;

    /// <summary>Process id while running, else 0.</summary>
    public int Pid => process.Pid;

    /// <summary>Whether the process is alive.</summary>
    public bool IsRunning => process.IsRunning;

    /// <summary>
    /// Starts the process. <paramref name="peers"/> are the initial members' Raft addresses
    /// (used only on a new data directory); empty starts it in join mode.
    /// </summary>
    public void Start(IReadOnlyList<string> peers, IReadOnlyDictionary<string, string>? settings = null)
    {
        Directory.CreateDirectory(DataDir);
        List<string> arguments = ["master", "--id", Id, "--data-dir", DataDir, "--raft", RaftAddress, "--http", HttpUrl];
        if (peers.Count > 0)
            arguments.AddRange(["--peers", string.Join(',', peers)]);
        var environment = (settings ?? new Dictionary<string, string>())
            .ToDictionary(s => "RAFTOS_MASTER__" + s.Key.ToUpperInvariant(), s => s.Value);
        process.Start(arguments, environment);
    }

    /// <summary>SIGKILL: the process dies at once, with whatever it had not written.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGSTOP: the process freezes with its sockets open, as a long GC pause or a stalled VM would.</summary>
    public void Pause() => process.Signal(Signals.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => process.Signal(Signals.Continue);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace) => process.StopAsync(grace);
}
