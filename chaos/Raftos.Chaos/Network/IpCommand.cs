using System.Diagnostics;

namespace Raftos.Chaos.Network;

/// <summary>Runs iproute2's <c>ip</c>, which owns the /run/netns convention that <c>ip netns exec</c> relies on.</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs <c>ip ARGS</c>; throws with its stderr if it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var (exitCode, error) = TryRun(arguments);
        if (exitCode != 0)
            throw new InvalidOperationException($"`ip {string.Join(' ', arguments)}` failed ({exitCode}): {error}");
    }

    /// <summary>Runs <c>ip ARGS</c>; returns its exit code and stderr (exit code -1 if it could not be started or hung).</summary>
    public static (int ExitCode, string Error) TryRun(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"cannot run ip (is iproute2 installed?): {e.Message}");
        }
        if (process is null)
            return (-1, "cannot run ip");

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                return (-1, $"ip did not finish within {Timeout.TotalSeconds} s");
            }
            Task.WaitAll(error, output);
            return (process.ExitCode, error.Result.Trim());
        }
    }
}
