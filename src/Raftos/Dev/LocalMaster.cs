using System.Diagnostics;
using System.Globalization;

namespace Raftos.Dev;

/// <summary>One master process on this machine, with its own data directory and log file.</summary>
public sealed class LocalMaster(string id, int raftPort, int httpPort, string dataDir, RaftosExecutable executable)
{
    private Process? process;

    /// <summary>Master id.</summary>
    public string Id { get; } = id;

    /// <summary>Raft endpoint.</summary>
    public string RaftAddress { get; } = $"127.0.0.1:{raftPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>HTTP API URL.</summary>
    public string HttpUrl { get; } = $"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Data directory.</summary>
    public string DataDir { get; } = dataDir;

    /// <summary>File receiving the master's stdout and stderr.</summary>
    public string LogPath => DataDir + ".log";

    /// <summary>Process id while running, else 0.</summary>
    public int Pid => IsRunning ? process!.Id : 0;

    /// <summary>Whether the process is alive.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Starts the process. <paramref name="peers"/> are the initial members' Raft addresses
    /// (used only on a new data directory); empty starts it in join mode.
    /// </summary>
    public void Start(IReadOnlyList<string> peers, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (IsRunning)
            throw new InvalidOperationException($"master {Id} is already running");
        Directory.CreateDirectory(DataDir);
        var info = new ProcessStartInfo(executable.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in executable.LeadingArguments)
            info.ArgumentList.Add(argument);
        foreach (var argument in (string[])["master", "--id", Id, "--data-dir", DataDir, "--raft", RaftAddress, "--http", HttpUrl,
                     "--exit-with-parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(argument);
        if (peers.Count > 0)
        {
            info.ArgumentList.Add("--peers");
            info.ArgumentList.Add(string.Join(',', peers));
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            info.Environment["RAFTOS_MASTER__" + key.ToUpperInvariant()] = value;

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var started = Process.Start(info) ?? throw new InvalidOperationException($"could not start master {Id}");
        started.OutputDataReceived += (_, e) => Append(log, e.Data);
        started.ErrorDataReceived += (_, e) => Append(log, e.Data);
        started.Exited += (_, _) => log.Dispose();
        started.EnableRaisingEvents = true;
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process exited between the line and the write.
            }
        }
    }

    /// <summary>SIGKILL: the process dies at once, with whatever it had not written.</summary>
    public void Kill()
    {
        if (IsRunning)
        {
            Signals.Send(process!.Id, Signals.Kill);
            process.WaitForExit(5000);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!IsRunning)
            return;
        Signals.Send(process!.Id, Signals.Terminate);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }
}
