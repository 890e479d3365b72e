using System.CommandLine;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos task list [--job ID] [--agent ID] [--state S]</c> and <c>raftos task logs TASK [--stderr] [-f] [--tail N]</c>.</summary>
public static class TaskCli
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var job = new Option<string?>("--job") { Description = "Only the tasks of this job" };
        var agent = new Option<string?>("--agent") { Description = "Only the tasks on this agent" };
        var state = new Option<string?>("--state") { Description = "Only tasks in this state: pending, assigned, starting, running, finished, failed, killed or lost" };
        var list = new Command("list", "List tasks, oldest first") { job, agent, state }
            .Runs(async (cli, token) =>
            {
                var tasks = await cli.Client.Tasks.ListAsync(cli.Result.GetValue(job), cli.Result.GetValue(agent), cli.Result.GetValue(state), token).ConfigureAwait(false);
                return cli.Print(tasks, RaftosJsonContext.Default.IReadOnlyListTaskInfo, output => Table(tasks).Write(output));
            });
        return new Command("task", "The tasks of every job") { list, Logs() };
    }

    private static Command Logs()
    {
        var task = new Argument<string>("task") { Description = "The task's id (see raftos task list)" };
        var stderr = new Option<bool>("--stderr") { Description = "Standard error instead of standard output" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing what the task writes until it ends (Ctrl-C stops)" };
        var tail = new Option<int?>("--tail", "-n") { Description = "Only the last N lines" };
        var offset = new Option<long?>("--offset") { Description = "Start at this byte offset" };
        return new Command("logs", "Print a task's output, streamed from the agent that runs it") { task, stderr, follow, tail, offset }
            .Runs(async (cli, token) =>
            {
                var lines = cli.Result.GetValue(tail);
                var start = cli.Result.GetValue(offset);
                if (lines is < 0 || start is < 0)
                    throw new CliException("--tail and --offset take 0 or more");
                if (lines is not null && start is not null)
                    throw new CliException("--tail and --offset do not go together: take the last lines, or start at an offset");
                var options = new TaskLogOptions
                {
                    Output = cli.Result.GetValue(stderr) ? TaskOutput.Stderr : TaskOutput.Stdout,
                    Tail = lines,
                    Offset = start ?? 0,
                    Follow = cli.Result.GetValue(follow),
                };
                await using var output = new TextWriterStream(cli.Output);
                try
                {
                    await cli.Client.Tasks.CopyLogsAsync(cli.Result.GetValue(task)!, output, options, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested && options.Follow)
                {
                    // Interrupted: the normal way to stop following.
                }

                return 0;
            });
    }

    /// <summary>The tasks as a table: id, job, state, agent, version, exit code and reason.</summary>
    public static TableWriter Table(IEnumerable<TaskInfo> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var table = new TableWriter("ID", "JOB", "STATE", "DESIRED", "AGENT", "VERSION", "EXIT", "REASON");
        foreach (var task in tasks)
        {
            table.Add(task.Id, task.JobId, task.State, task.Desired, CliText.OrDash(task.AgentId), CliText.Number(task.JobVersion),
                CliText.Number(task.ExitCode), CliText.OrDash(task.Reason));
        }

        return table;
    }
}
