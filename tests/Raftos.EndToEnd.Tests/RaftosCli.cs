using System.Diagnostics;
using Raftos.Commands.Cli;
using Raftos.Dev;

namespace Raftos.EndToEnd.Tests;

/// <summary>Runs the built <c>raftos</c> binary as an operator would, and captures what it says.</summary>
internal static class RaftosCli
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public IReadOnlyList<string> OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }

    /// <summary>How to start <c>raftos arguments</c> with its output captured and <c>RAFTOS_ADDR</c> naming <paramref name="masters"/>.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyList<string> masters, IEnumerable<string> arguments)
    {
        var executable = RaftosExecutable.Current();
        var info = new ProcessStartInfo(executable.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in executable.LeadingArguments.Concat(arguments))
            info.ArgumentList.Add(argument);
        info.Environment[CliOptions.AddressVariable] = string.Join(',', masters);
        return info;
    }

    /// <summary>Runs <c>raftos arguments</c> with <c>RAFTOS_ADDR</c> naming <paramref name="masters"/>.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<string> masters, params string[] arguments)
    {
        var info = StartInfo(masters, arguments);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("raftos did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"raftos {string.Join(' ', arguments)} did not exit within {RunTimeout.TotalSeconds:0} s");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>Asserts the run succeeded, and returns what it printed.</summary>
    public static string Succeeded(this Result result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Error.Length == 0, result.ToString());
        return result.Output;
    }

    /// <summary>Asserts the run failed with <paramref name="exitCode"/> and one line on stderr starting <c>raftos: </c>; returns that line.</summary>
    public static string Failed(this Result result, int exitCode = 1)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("raftos: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        return line;
    }
}
