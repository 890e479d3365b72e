using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Raftos.Bench.Scheduling;

/// <summary>
/// BenchmarkDotNet view of the scheduler drain: each iteration builds a fresh workload of
/// 100,000 pending tasks (not measured) and places them all in rounds of 5,000.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SchedulerBenchmarks
{
    private SchedulerWorkload? workload;

    /// <summary>Agents in the cluster.</summary>
    [Params(1000, 10000)]
    public int Agents { get; set; }

    /// <summary>Builds the pending workload.</summary>
    [IterationSetup]
    public void Build() => workload = SchedulerWorkload.Build(Agents, 100_000, 42, mixedPolicies: true);

    /// <summary>Places every task.</summary>
    [Benchmark]
    public int Drain() => SchedulerDrain.Run(workload!, perRound: 5000).Placed;
}
