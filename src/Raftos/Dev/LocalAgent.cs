using System.Globalization;

namespace Raftos.Dev;

/// <summary>One agent process on this machine, with its own data directory (task output included) and log file.</summary>
public sealed class LocalAgent(string id, string dataDir, long cpuMillis, long memoryMb, IReadOnlyDictionary<string, string> attributes, RaftosExecutable executable)
{
    private readonly LocalProcess process = new($"agent {id}", dataDir + ".log", executable);

    /// <summary>Agent id.</summary>
    public string Id { get; } = id;

    /// <summary>Data directory.</summary>
    public string DataDir { get; } = dataDir;

    /// <summary>CPU offered, in millicores.</summary>
    public long CpuMillis { get; } = cpuMillis;

    /// <summary>Memory offered, in MB.</summary>
    public long MemoryMb { get; } = memoryMb;

    /// <summary>Attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    /// <summary>File receiving the agent's stdout and stderr.</summary>
    public string LogPath => process.LogPath;

    /// <summary>Process id while running, else 0.</summary>
    public int Pid => process.Pid;

    /// <summary>Whether the process is alive.</summary>
    public bool IsRunning => process.IsRunning;

    /// <summary>Starts the agent against <paramref name="masterUrls"/>.</summary>
    public void Start(IReadOnlyList<string> masterUrls, IReadOnlyDictionary<string, string>? settings = null)
    {
        Directory.CreateDirectory(DataDir);
        List<string> arguments =
        [
            "agent", "--id", Id, "--data-dir", DataDir, "--masters", string.Join(',', masterUrls), "--http", "http://127.0.0.1:0",
            "--cpu", CpuMillis.ToString(CultureInfo.InvariantCulture), "--memory", MemoryMb.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var (name, value) in Attributes)
            arguments.AddRange(["--attribute", $"{name}={value}"]);
        var environment = (settings ?? new Dictionary<string, string>())
            .ToDictionary(s => "RAFTOS_AGENT__" + s.Key.ToUpperInvariant(), s => s.Value);
        process.Start(arguments, environment);
    }

    /// <summary>SIGKILL of the agent process only: its tasks keep running, as they would if the agent crashed.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGSTOP of the agent process only (its tasks keep running): an agent cut off from the masters.</summary>
    public void Pause() => process.Signal(Signals.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => process.Signal(Signals.Continue);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace) => process.StopAsync(grace);

    /// <summary>SIGKILLs every task process this agent recorded: the machine "dies" with its tasks.</summary>
    public int KillTasks() => Raftos.Agent.Tasks.TaskRunner.KillOrphans(DataDir);
}
