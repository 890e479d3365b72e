using System.CommandLine;

namespace Raftos.Commands.Cli;

/// <summary>Turns a command into an operator command: --address and --json, and the action run through <see cref="CliContext"/>.</summary>
public static class CliCommands
{
    /// <summary>Adds the shared options to <paramref name="command"/> and makes it run <paramref name="run"/>.</summary>
    public static Command Runs(this Command command, Func<CliContext, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(CliOptions.Address);
        command.Add(CliOptions.Json);
        return command.RunsLocally(run);
    }

    /// <summary>Makes <paramref name="command"/>, one that talks to no master (no --address), run <paramref name="run"/>.</summary>
    public static Command RunsLocally(this Command command, Func<CliContext, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((result, token) => CliContext.RunAsync(result, run, token));
        return command;
    }
}
