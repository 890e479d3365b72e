using System.CommandLine;

namespace Raftos.Bench;

/// <summary>
/// <c>raftos-bench fleet</c>: against a running <c>raftos dev --agents 0</c> cluster, registers
/// thousands of simulated agents (one process, the real agent protocol), submits service jobs
/// that fill them, and times each phase: registration, submission, placement (every task at
/// its agent), and every task running as confirmed by the master. Then stops the jobs.
/// </summary>
internal static class FleetCommand
{
    public static Command Create()
    {
        var clusterFile = new Option<FileInfo>("--cluster-file") { Description = "The cluster.json written by 'raftos dev'.", Required = true };
        var agents = new Option<int>("--agents") { Description = "Simulated agents.", DefaultValueFactory = _ => 5000 };
        var tasks = new Option<int>("--tasks") { Description = "Tasks in all, split evenly over the jobs.", DefaultValueFactory = _ => 100_000 };
        var jobs = new Option<int>("--jobs") { Description = "Service jobs.", DefaultValueFactory = _ => 100 };
        var taskCpu = new Option<long>("--task-cpu") { Description = "Millicores per task.", DefaultValueFactory = _ => 100 };
        var taskMemory = new Option<long>("--task-memory") { Description = "MB per task.", DefaultValueFactory = _ => 64 };
        var agentCpu = new Option<long>("--agent-cpu") { Description = "Millicores per agent; 0 = an even share of the tasks plus 30 %." };
        var agentMemory = new Option<long>("--agent-memory") { Description = "MB per agent; 0 = an even share of the tasks plus 30 %." };
        var keep = new Option<bool>("--keep") { Description = "Leave the jobs in place at the end instead of stopping them." };
        var hold = SharedOptions.Duration("--hold", TimeSpan.Zero, "Keep the agents heartbeating this long after the last phase, to watch a steady fleet.");
        var maxWait = SharedOptions.Duration("--max-wait", TimeSpan.FromMinutes(5), "Patience per phase.");
        var target = SharedOptions.Duration("--target", TimeSpan.FromSeconds(60), "Submission to all running must take at most this; the exit code is 1 when it does not.");
        var command = new Command("fleet", "Simulated agents in one process; time many tasks from submission until all run.")
        {
            clusterFile, agents, tasks, jobs, taskCpu, taskMemory, agentCpu, agentMemory, keep, hold, maxWait, target,
        };
        command.SetAction(async (parse, token) =>
        {
            var settings = FleetSettings.Sized(
                parse.GetValue(agents), parse.GetValue(tasks), parse.GetValue(jobs), parse.GetValue(taskCpu), parse.GetValue(taskMemory),
                parse.GetValue(agentCpu), parse.GetValue(agentMemory));
            if (settings.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync($"fleet: {problem}");
                return 2;
            }

            var cluster = await DevClusterFile.ReadAsync(parse.GetRequiredValue(clusterFile), token);
            var run = new FleetRun(settings, cluster.MasterUrls, parse.GetValue(maxWait), Console.Out);
            try
            {
                var timings = await run.RunAsync(!parse.GetValue(keep), parse.GetValue(hold), token);
                var report = new FleetReport(settings, timings, run.Progress, parse.GetValue(target));
                Console.WriteLine();
                Console.Write(report.Render());
                return report.TargetMet ? 0 : 1;
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"fleet: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
