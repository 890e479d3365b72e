using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace Raftos.Bench.Scheduling;

/// <summary>
/// <c>raftos-bench scheduler</c>: the pure scheduler, in process. Placements per second while
/// draining a seeded workload of pending tasks (mixed sizes, roles, priorities, constraints,
/// spread and ports) in rounds of 5,000 as the leader does, at each agent count; then packing
/// efficiency against first fit and random. <c>--bdn</c> runs the same drain under
/// BenchmarkDotNet instead.
/// </summary>
internal static class SchedulerCommand
{
    public static Command Create()
    {
        var agents = new Option<int[]>("--agents") { Description = "Agent counts to measure.", DefaultValueFactory = _ => [1000, 10000], AllowMultipleArgumentsPerToken = true };
        var tasks = new Option<int>("--tasks") { Description = "Pending tasks to place.", DefaultValueFactory = _ => 100_000 };
        var runs = new Option<int>("--runs") { Description = "Runs per agent count (the median is reported).", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Workload seed.", DefaultValueFactory = _ => 42 };
        var packingTasks = new Option<int>("--packing-tasks") { Description = "Tasks of the packing comparison.", DefaultValueFactory = _ => 50_000 };
        var bdn = new Option<bool>("--bdn") { Description = "Run under BenchmarkDotNet (slower, more rigorous)." };
        var command = new Command("scheduler", "Placements per second and packing efficiency of the pure scheduler.")
        {
            agents, tasks, runs, seed, packingTasks, bdn,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(bdn))
            {
                BenchmarkRunner.Run<SchedulerBenchmarks>();
                return 0;
            }

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}");
            Throughput(parse.GetRequiredValue(agents), parse.GetValue(tasks), parse.GetValue(runs), parse.GetValue(seed));
            Packing(parse.GetValue(packingTasks), parse.GetValue(seed));
            return 0;
        });
        return command;
    }

    private static void Throughput(int[] agentCounts, int tasks, int runs, int seed)
    {
        Console.WriteLine();
        Console.WriteLine($"Pure scheduler, {tasks:N0} pending tasks drained in rounds of 5,000 (median of {runs} runs, one thread)");
        Console.WriteLine();
        Console.WriteLine("| agents | tasks | placed | rounds | plan time | placements/s | apply time | allocated per placement |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var count in agentCounts)
        {
            var drains = new List<SchedulerDrain>();
            for (var run = 0; run < runs; run++)
            {
                var workload = SchedulerWorkload.Build(count, tasks, seed + run, mixedPolicies: true);
                GC.Collect();
                drains.Add(SchedulerDrain.Run(workload, perRound: 5000));
            }

            var median = drains.OrderBy(d => d.PlacementsPerSecond).ElementAt(drains.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count:N0} | {tasks:N0} | {median.Placed:N0} | {median.Rounds} | {median.PlanTime.TotalMilliseconds:N0} ms | {median.PlacementsPerSecond:N0} | {median.ApplyTime.TotalMilliseconds:N0} ms | {median.PlanAllocatedBytes / Math.Max(1, median.Placed):N0} B |"));
        }
    }

    private static void Packing(int tasks, int seed)
    {
        // Enough identical agents for every strategy to place everything.
        var probe = SchedulerWorkload.Build(0, tasks, seed, mixedPolicies: false);
        var agents = (int)(PackingComparison.LowerBound(probe.Demand) * 1.5);
        Console.WriteLine();
        Console.WriteLine($"Packing, {tasks:N0} tasks of mixed sizes (binpack jobs of 5 roles) on up to {agents:N0} identical agents of 64 cores / 256 GB");
        Console.WriteLine();
        Console.WriteLine("| strategy | placed | agents used | lower bound | over the bound |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var outcome in PackingComparison.Run(agents, tasks, seed))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {outcome.Strategy} | {outcome.Placed:N0} | {outcome.AgentsUsed:N0} | {outcome.LowerBound:N0} | {outcome.OverBound:P1} |"));
        }
    }
}
