using System.Diagnostics;
using Raftos.Dev;

namespace Raftos.EndToEnd.Tests;

/// <summary>A <c>raftos</c> command that follows until interrupted: its stdout read line by line as it runs.</summary>
internal sealed class FollowingCli : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly string command;
    private readonly List<string> lines = [];
    private readonly Task reading;
    private readonly Task<string> error;

    private FollowingCli(Process process, string command)
    {
        this.process = process;
        this.command = command;
        reading = ReadLinesAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    public static FollowingCli Start(IReadOnlyList<string> masters, params string[] arguments)
    {
        var info = RaftosCli.StartInfo(masters, arguments);
        return new FollowingCli(Process.Start(info) ?? throw new InvalidOperationException("raftos did not start"), $"raftos {string.Join(' ', arguments)}");
    }

    /// <summary>Whether the lines printed so far pass <paramref name="condition"/> within <paramref name="timeout"/>.</summary>
    public async Task<bool> ShowsWithinAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var now = Lines();
            if (condition(now))
                return true;
            if (process.HasExited)
            {
                await reading;
                throw new InvalidOperationException($"{command} exited early with exit code {process.ExitCode}\nstdout:\n{string.Join('\n', Lines())}\nstderr:\n{await error}");
            }

            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the lines printed so far pass <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, string what)
    {
        if (!await ShowsWithinAsync(condition, timeout))
            throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s; {command} printed:\n{string.Join('\n', Lines())}");
    }

    /// <summary>
    /// Sends SIGTERM, as a service manager or a terminal closing does, and returns how the command
    /// ended and everything it printed. Not SIGINT: a process started in the background of a
    /// non-interactive shell (as a CI runner may start the tests) inherits SIGINT ignored.
    /// </summary>
    public Task<RaftosCli.Result> TerminateAsync()
    {
        Signals.Send(process.Id, Signals.Terminate);
        return ExitAsync(ExitTimeout);
    }

    /// <summary>Waits until the command ends (killing it after <paramref name="within"/>), and returns how it ended and everything it printed.</summary>
    public async Task<RaftosCli.Result> ExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not exit within {within.TotalSeconds:0} s");
        }

        await reading;
        return new RaftosCli.Result(process.ExitCode, string.Concat(Lines().Select(l => l + "\n")), await error);
    }

    public override string ToString() => command;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private List<string> Lines()
    {
        lock (lines)
            return [.. lines];
    }

    private async Task ReadLinesAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (lines)
                lines.Add(line);
        }
    }
}
