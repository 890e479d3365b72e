using System.Diagnostics;
using Raftos.Chaos.Checking;
using Raftos.Chaos.Cluster;
using Raftos.Chaos.Faults;
using Raftos.Chaos.History;
using Raftos.Chaos.Reports;
using Raftos.Chaos.Workloads;
using Raftos.Client;
using Raftos.Dev;

namespace Raftos.Chaos.Runs;

/// <summary>
/// One run: start a cluster behind fault proxies, run the workloads and samplers, inject one
/// fault after another for the duration, heal everything, wait for recovery, check every
/// invariant and write the report. The same seed draws the same faults, targets and holds.
/// </summary>
public sealed class ChaosRun(RunOptions options, Action<string> log)
{
    private static readonly TimeSpan Calm = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan LinearizabilityTimeout = TimeSpan.FromSeconds(60);

    private static bool IsKnown(string crash) => crash.Contains(KnownFailure.RaftFailedInsideDotNext, StringComparison.Ordinal);

    /// <summary>Runs it and returns the report (also written to <see cref="RunOptions.OutputDir"/>).</summary>
    public async Task<ChaosReport> RunAsync(CancellationToken token)
    {
        var kinds = Scenarios.KindsOf(options.Scenario) ?? throw new ArgumentException($"unknown scenario '{options.Scenario}'");
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var clock = new RunClock();
        var random = new Random(options.Seed);
        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        // A run starts from nothing: data left by an earlier run with this seed would be replayed into this one.
        if (Directory.Exists(options.OutputDir))
            Directory.Delete(options.OutputDir, recursive: true);
        Directory.CreateDirectory(options.OutputDir);

        await using var cluster = await ChaosCluster.StartAsync(new ChaosClusterOptions
        {
            Masters = options.Masters,
            Agents = options.Agents,
            Dir = options.OutputDir,
            RunId = runId,
            Seed = options.Seed,
            Executable = options.Raftos is { } raftos ? new RaftosExecutable(raftos, []) : null,
            MasterSettings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // Small enough that a follower cut off for the snapshot fault's 10 s must catch up
                // by snapshot; at 500 nearly every short lag did, which made snapshot installs
                // (and DotNext's install/flush race) far more frequent than anywhere real.
                ["SnapshotEveryEntries"] = "4000",
            },
        }, token).ConfigureAwait(false);
        log($"cluster up: {options.Masters} masters, {options.Agents} agents, each in its own network namespace (run {runId})");

        var services = new ServiceJobs(3, 2, "chaos-svc-");
        using (var admin = cluster.NewClient(TimeSpan.FromSeconds(5), 8))
        {
            await services.SubmitAsync(admin, token).ConfigureAwait(false);
            if (await services.WaitFullAsync(admin, new HashSet<string>(), RecoveryTimeout, token).ConfigureAwait(false) is null)
                throw new TimeoutException("the service jobs never ran their count before any fault");
        }

        var clientNumber = 0;
        RaftosClient NewClient() => cluster.NewClient(rotate: Interlocked.Increment(ref clientNumber));
        var register = new RegisterWorkload(NewClient, clock, processes: 6, keys: 4, options.Seed, "chaos/r/");
        var set = new SetWorkload(NewClient, processes: 2, "chaos/set/");
        var batches = new BatchJobs(NewClient, "chaos-batch-", TimeSpan.FromSeconds(2));
        var claims = new LeaderClaims();
        var epochs = new TaskEpochs();
        var agentDirs = cluster.Agents.ToDictionary(a => a.Id, a => a.DataDir, StringComparer.Ordinal);

        using var stopWorkloads = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var stopSamplers = CancellationTokenSource.CreateLinkedTokenSource(token);
        var workloads = Task.WhenAll(register.RunAsync(stopWorkloads.Token), set.RunAsync(stopWorkloads.Token), batches.RunAsync(stopWorkloads.Token));
        var samplers = Task.WhenAll(
            cluster.SuperviseAsync(() => clock.Elapsed.TotalSeconds, log, stopSamplers.Token),
            claims.RunAsync(cluster.MasterUrls, TimeSpan.FromMilliseconds(100), stopSamplers.Token),
            epochs.RunAsync(agentDirs, TimeSpan.FromMilliseconds(200), stopSamplers.Token));

        var faults = new List<FaultRecord>();
        var injector = new FaultInjector(cluster, services, clock, random, log);
        var deck = new Queue<string>();
        var faultClock = Stopwatch.StartNew();
        while (faultClock.Elapsed < options.Duration)
        {
            await Task.Delay(Calm, token).ConfigureAwait(false);
            if (deck.Count == 0)
            {
                foreach (var kind in kinds.OrderBy(_ => random.Next()))
                    deck.Enqueue(kind);
            }

            var next = deck.Dequeue();
            var hold = FaultKinds.IsAgentFault(next) ? TimeSpan.FromSeconds(9)
                : next == FaultKinds.SnapshotInstall ? TimeSpan.FromSeconds(10)
                : TimeSpan.FromMilliseconds(random.Next(1500, 4000));
            faults.Add(await injector.RunAsync(next, hold, token).ConfigureAwait(false));
        }

        var faultSeconds = faultClock.Elapsed.TotalSeconds;
        log($"{clock.Elapsed.TotalSeconds,7:0.0}s  faults over: {faults.Count} injected; healing and checking");
        await stopWorkloads.CancelAsync().ConfigureAwait(false);
        await workloads.ConfigureAwait(false);
        cluster.Links.HealAll();
        foreach (var master in cluster.Masters.Where(m => !m.IsRunning))
            cluster.Restart(master);
        foreach (var agent in cluster.Agents.Where(a => !a.IsRunning))
            cluster.Restart(agent);
        await cluster.WaitReadyAsync(RecoveryTimeout, token).ConfigureAwait(false);

        double? recovery;
        IReadOnlyList<string> finalSet;
        CheckVerdict batchVerdict;
        using (var admin = cluster.NewClient(TimeSpan.FromSeconds(5), 8))
        {
            recovery = (await services.WaitFullAsync(admin, new HashSet<string>(), RecoveryTimeout, token).ConfigureAwait(false))?.TotalSeconds;
            finalSet = [.. (await admin.KeyValues.ListAllAsync(set.Prefix, token).ConfigureAwait(false)).Select(k => k.Key)];
            batchVerdict = await batches.CheckAsync(admin, RecoveryTimeout, token).ConfigureAwait(false);
        }

        // A moment of sampling after recovery: a task that would run twice shows up now.
        await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
        await stopSamplers.CancelAsync().ConfigureAwait(false);
        await samplers.ConfigureAwait(false);

        var history = register.History;
        var checks = new List<CheckVerdict>
        {
            LinearizabilityCheck.Verdict(history, LinearizabilityTimeout),
            SetChecker.Check(set, finalSet),
            batchVerdict,
            claims.Verdict(),
            epochs.Verdict(),
            await StateHashes.CheckAsync(cluster.MasterUrls, TimeSpan.FromSeconds(30), token).ConfigureAwait(false),
            CheckVerdict.Of("service-recovery", recovery is { } r ? $"every service job ran its count {r:0.0} s after the faults healed" : "the service jobs did not all run their count again",
                recovery is null ? [$"not every service job was back at {services.Count} running tasks within {RecoveryTimeout.TotalSeconds:0} s"] : []),
            NodeLogs.Check(options.OutputDir),
            CheckVerdict.Of("crashes",
                $"{cluster.Crashes.Count} masters or agents exited by themselves and were restarted by the supervisor; {cluster.Crashes.Count(IsKnown)} of them the known DotNext log failure (exit 70)",
                [.. cluster.Crashes.Where(c => !IsKnown(c))]),
        };

        var report = new ChaosReport
        {
            Scenario = options.Scenario,
            Seed = options.Seed,
            Command = options.Command,
            StartedAt = started,
            FaultSeconds = faultSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            Masters = options.Masters,
            Agents = options.Agents,
            Faults = [.. faults.Select(f => new FaultReport(f, Latency.Around(history, f)))],
            Operations = new OperationCounts(
                history.Count(o => o.Outcome == Outcome.Ok), history.Count(o => o.Outcome == Outcome.Failed), history.Count(o => o.Outcome == Outcome.Unknown),
                set.Acknowledged.Count, set.Unknown.Count, set.Refused.Count),
            RecoverySeconds = recovery,
            Checks = checks,
        };
        ReportWriter.Write(options.OutputDir, report, history);
        return report;
    }
}
