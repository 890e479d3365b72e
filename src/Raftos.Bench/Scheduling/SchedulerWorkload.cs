using System.Globalization;
using Raftos.Core;
using Raftos.Core.Commands;
using Raftos.Core.Jobs;
using Raftos.Core.State;

namespace Raftos.Bench.Scheduling;

/// <summary>
/// A seeded cluster state for the scheduler benchmarks: identical agents (so the packing
/// lower bound is exact) across 20 racks and 3 zones, and service jobs of mixed task sizes,
/// counts, roles and priorities, all pending. Built by applying commands, as the masters do.
/// </summary>
internal sealed class SchedulerWorkload
{
    /// <summary>What every agent offers.</summary>
    public static readonly Resources AgentSize = new(64_000, 256 * 1024);

    // The throughput mix fits 100,000 tasks on 1,000 agents at about 70 % of CPU; the packing
    // mix adds tasks up to a sixteenth of an agent, which fragment more.
    private static readonly long[] CpuSizes = [100, 250, 500, 1000];
    private static readonly long[] MemorySizes = [128, 256, 512, 1024, 2048, 4096];
    private static readonly long[] LargeCpuSizes = [100, 250, 500, 1000, 2000, 4000];
    private static readonly long[] LargeMemorySizes = [128, 256, 512, 1024, 2048, 4096, 8192, 16384];

    private long index;

    private SchedulerWorkload(ClusterState state) => State = state;

    /// <summary>The state, with every task pending.</summary>
    public ClusterState State { get; }

    /// <summary>Number of pending tasks.</summary>
    public int Tasks { get; private set; }

    /// <summary>Sum of what the tasks ask for.</summary>
    public Resources Demand { get; private set; }

    /// <summary>Cluster time of the state.</summary>
    public long Now => State.Now;

    /// <summary>
    /// <paramref name="agents"/> agents and about <paramref name="tasks"/> tasks. With
    /// <paramref name="mixedPolicies"/>, some jobs have constraints, spread or ports, as real
    /// clusters do, and tasks are of the throughput mix; without, every job is plain binpack
    /// of the larger packing mix (the packing comparison).
    /// </summary>
    public static SchedulerWorkload Build(int agents, int tasks, int seed, bool mixedPolicies)
    {
        var random = new Random(seed);
        var workload = new SchedulerWorkload(new ClusterState(rememberedRequestsMax: 1024));
        var registrations = new List<Command>();
        for (var i = 0; i < agents; i++)
        {
            registrations.Add(new RegisterAgent
            {
                RequestId = $"register-{i}",
                AgentId = string.Create(CultureInfo.InvariantCulture, $"agent-{i:00000}"),
                Total = AgentSize,
                Attributes = new Dictionary<string, string>
                {
                    ["rack"] = string.Create(CultureInfo.InvariantCulture, $"r{i % 20}"),
                    ["zone"] = string.Create(CultureInfo.InvariantCulture, $"z{i % 3}"),
                },
            });
        }

        workload.ApplyAll(registrations);

        var jobs = new List<Command>();
        var left = tasks;
        for (var j = 0; left > 0; j++)
        {
            var count = Math.Min(left, random.Next(1, 200));
            left -= count;
            var spec = new JobSpec
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"job-{j:00000}"),
                Role = string.Create(CultureInfo.InvariantCulture, $"team{random.Next(5)}"),
                Priority = mixedPolicies ? Pick(random, [10, 50, 50, 50, 80]) : 50,
                Count = count,
                Task = new TaskSpec
                {
                    Command = "/bin/app",
                    Resources = mixedPolicies
                        ? new Resources(Pick(random, CpuSizes), Pick(random, MemorySizes))
                        : new Resources(Pick(random, LargeCpuSizes), Pick(random, LargeMemorySizes)),
                    Ports = mixedPolicies && random.Next(10) == 0 ? ["http"] : [],
                },
            };
            if (mixedPolicies)
            {
                spec = random.Next(20) switch
                {
                    0 or 1 => spec with { Constraints = [new Constraint { Attribute = "zone", Operator = "=", Value = "z1" }] },
                    2 => spec with { Constraints = [new Constraint { Attribute = "rack", Operator = "regexp", Value = "^r1[0-9]$" }] },
                    3 or 4 => spec with { Strategy = PlacementStrategy.Spread, SpreadBy = "rack" },
                    _ => spec,
                };
            }

            jobs.Add(new SubmitJob { RequestId = $"submit-{j}", Spec = spec });
            workload.Tasks += count;
            workload.Demand += new Resources(spec.Task.Resources.CpuMillis * count, spec.Task.Resources.MemoryMb * count);
        }

        workload.ApplyAll(jobs);
        return workload;
    }

    /// <summary>Applies a command (e.g. a plan) as the next log entry.</summary>
    public CommandResult Apply(Command command) => State.Apply(new CommandBatch([command]) { At = Now }, ++index)[0];

    private void ApplyAll(List<Command> commands)
    {
        foreach (var chunk in commands.Chunk(Limits.BatchCommandsMax))
            State.Apply(new CommandBatch(chunk) { At = 1_700_000_000_000 }, ++index);
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
