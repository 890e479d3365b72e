using System.CommandLine;
using Raftos.Client;

namespace Raftos.Commands.Cli;

/// <summary><c>raftos task list [--job ID] [--agent ID] [--state S]</c>.</summary>
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
        return new Command("task", "The tasks of every job") { list };
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
