using System.Diagnostics;
using System.Globalization;

namespace Raftos.Dev;

/// <summary>A raftos child process on this machine: its arguments, environment and a log file taking its stdout and stderr.</summary>
public sealed class LocalProcess(string name, string logPath, RaftosExecutable executable)
{
    private Process? process;

    /// <summary>File receiving the process's stdout and stderr.</summary>
    public string LogPath { get; } = logPath;

    /// <summary>Process id while running, else 0.</summary>
    public int Pid => IsRunning ? process!.Id : 0;

    /// <summary>Whether the process is alive.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>Starts <c>raftos</c> with <paramref name="arguments"/>; it exits when this process does.</summary>
    public void Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (IsRunning)
            throw new InvalidOperationException($"{name} is already running");
        var info = new ProcessStartInfo(executable.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in executable.LeadingArguments.Concat(arguments))
            info.ArgumentList.Add(argument);
        info.ArgumentList.Add("--exit-with-parent");
        info.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in environment)
            info.Environment[key] = value;

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var started = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
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

    /// <summary>Sends <paramref name="signal"/> (e.g. <see cref="Signals.Stop"/>) to the process.</summary>
    public void Signal(int signal)
    {
        if (IsRunning)
            Signals.Send(process!.Id, signal);
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
