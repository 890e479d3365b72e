using System.Diagnostics;
using Raftos.Chaos.Cluster;
using Raftos.Chaos.Workloads;
using Raftos.Client;
using Raftos.Dev;

namespace Raftos.Chaos.Faults;

/// <summary>
/// Injects one fault at a time into a <see cref="ChaosCluster"/>, holds it, heals it, and
/// measures what it cost: the time to a new leader after a leader fault, the time until the
/// service jobs run their count again after an agent fault.
/// </summary>
public sealed class FaultInjector(ChaosCluster cluster, ServiceJobs services, RunClock clock, Random random, Action<string> log)
{
    private static readonly TimeSpan RedistributionTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MembershipAttempt = TimeSpan.FromSeconds(30);

    // A minute of 200 ms pauses: a membership call waits out an election or two, not more.
    private const int RetriesMax = 300;

    /// <summary>Injects <paramref name="kind"/>, holds it for <paramref name="hold"/>, heals it, and waits until a leader is back.</summary>
    public async Task<FaultRecord> RunAsync(string kind, TimeSpan hold, CancellationToken token)
    {
        var leader = await cluster.LeaderAsync(token).ConfigureAwait(false);
        var record = new FaultRecord { Kind = kind, Target = "-", InjectedAt = clock.Elapsed.TotalSeconds, LeaderBefore = leader };
        var (target, heal) = await InjectAsync(kind, leader, token).ConfigureAwait(false);
        record = record with { Target = target };
        log($"{record.InjectedAt,7:0.0}s  {kind} {target} (leader was {leader ?? "unknown"})");

        var held = Stopwatch.StartNew();
        if (TakesLeaderAway(kind, leader, target))
            record.NewLeaderAfter = await NewLeaderAfterAsync(leader!, hold, token).ConfigureAwait(false);
        if (FaultKinds.IsAgentFault(kind))
        {
            using var client = cluster.NewClient();
            record.RedistributedAfter = (await services.WaitFullAsync(client, new HashSet<string>(StringComparer.Ordinal) { target }, RedistributionTimeout, token).ConfigureAwait(false))?.TotalSeconds;
        }

        var rest = hold - held.Elapsed;
        if (rest > TimeSpan.Zero)
            await Task.Delay(rest, token).ConfigureAwait(false);
        await heal().ConfigureAwait(false);
        record.HealedAt = clock.Elapsed.TotalSeconds;
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(60), token).ConfigureAwait(false);
        return record;
    }

    private static bool TakesLeaderAway(string kind, string? leader, string target) => leader is not null && kind switch
    {
        FaultKinds.KillLeader or FaultKinds.PauseLeader or FaultKinds.IsolateLeader or FaultKinds.KillAll => true,
        FaultKinds.KillRandom or FaultKinds.PauseRandom or FaultKinds.IsolateRandom => target == leader,
        _ => false,
    };

    // Polls until a majority names a leader other than the old one; seconds from the fault, or null.
    private async Task<double?> NewLeaderAfterAsync(string old, TimeSpan within, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < within)
        {
            if (await cluster.LeaderAsync(token).ConfigureAwait(false) is { } now && now != old)
                return watch.Elapsed.TotalSeconds;
            await Task.Delay(20, token).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<(string Target, Func<Task> Heal)> InjectAsync(string kind, string? leader, CancellationToken token)
    {
        if (kind == FaultKinds.MembershipReplace)
            return await ReplaceMasterAsync(leader, token).ConfigureAwait(false);
        if (kind == FaultKinds.WalCorrupt)
            return DamageWal(leader, token);
        var (target, heal) = Inject(kind, leader);
        return (target, () =>
        {
            heal();
            return Task.CompletedTask;
        });
    }

    // Shrinks the membership by a follower, wipes that follower's disk, and (at heal) grows it
    // back: the new master joins empty and catches up from the others, as a replaced host does.
    private async Task<(string Target, Func<Task> Heal)> ReplaceMasterAsync(string? leader, CancellationToken token)
    {
        var victim = cluster.Masters.Where(m => m.Id != leader).ElementAt(random.Next(cluster.Masters.Count - 1));
        if (await RemoveAsync(victim, token).ConfigureAwait(false) is { } refused)
        {
            // The leader moved onto the victim meanwhile: nothing changed.
            return ($"{victim.Id} (not removed: {refused})", () => Task.CompletedTask);
        }

        cluster.HoldDown(victim.Id);
        victim.Kill();
        Directory.Delete(victim.DataDir, recursive: true);
        return ($"{victim.Id} removed and wiped", async () =>
        {
            cluster.StartJoining(victim);
            cluster.Release(victim.Id);
            await AddBackAsync(victim, token).ConfigureAwait(false);
        });
    }

    // Removal is safe to repeat: a master already removed answers 404. An answer that may or
    // may not have been carried out is asked again until it is known; only a refusal (409: it
    // is the leader now, or another change is pending) leaves it in place. Returns the refusal.
    private async Task<string?> RemoveAsync(LocalMaster master, CancellationToken token)
    {
        using var admin = cluster.NewClient(MembershipAttempt, 3);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await admin.Cluster.RemoveMasterAsync(master.Id, token).ConfigureAwait(false);
                return null;
            }
            catch (RaftosApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
            catch (RaftosApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict && attempt >= 10)
            {
                return e.Message;
            }
            catch (RaftosApiException) when (attempt < RetriesMax)
            {
                await Task.Delay(200, token).ConfigureAwait(false);
            }
        }
    }

    private async Task AddBackAsync(LocalMaster master, CancellationToken token)
    {
        // The add answers once the new master has caught up, which can take a snapshot transfer.
        using var admin = cluster.NewClient(MembershipAttempt, 3);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await admin.Cluster.AddMasterAsync(master.Id, master.RaftAddress, new Uri(master.HttpUrl), token).ConfigureAwait(false);
                return;
            }
            catch (RaftosApiException) when (attempt < RetriesMax)
            {
                await Task.Delay(200, token).ConfigureAwait(false);
            }
        }
    }

    // A follower's log is damaged while it is down and it is started again. It must either
    // recover (repair from its peers; the state-hash check then proves it serves no corrupt
    // data) or refuse to start with a clear message, after which the operator's remedy is
    // applied at heal: remove it, wipe it, add it back empty.
    private (string Target, Func<Task> Heal) DamageWal(string? leader, CancellationToken token)
    {
        var victim = cluster.Masters.Where(m => m.Id != leader).ElementAt(random.Next(cluster.Masters.Count - 1));
        cluster.HoldDown(victim.Id);
        victim.Kill();
        var damage = WalDamage.Apply(victim.DataDir, random) ?? "nothing written yet, no damage";
        cluster.Restart(victim);
        var target = $"{victim.Id}: {damage}";
        return (target, async () =>
        {
            if (await RecoveredAsync(victim, token).ConfigureAwait(false))
            {
                cluster.Release(victim.Id);
                log($"{clock.Elapsed.TotalSeconds,7:0.0}s  {victim.Id} recovered from its damaged log");
                return;
            }

            log($"{clock.Elapsed.TotalSeconds,7:0.0}s  {victim.Id} refused its damaged log: {LastLine(victim.LogPath)}; rejoining it empty");
            if (await RemoveAsync(victim, token).ConfigureAwait(false) is { } refused)
                throw new InvalidOperationException($"{victim.Id} refused its damaged log but could not be removed to rejoin: {refused}");
            Directory.Delete(victim.DataDir, recursive: true);
            cluster.StartJoining(victim);
            await AddBackAsync(victim, token).ConfigureAwait(false);
            cluster.Release(victim.Id);
        });
    }

    // Up or down for good: a master that follows a leader again has recovered; one that exited
    // (or never answers) refused its damaged log.
    private async Task<bool> RecoveredAsync(LocalMaster master, CancellationToken token)
    {
        var url = cluster.MasterUrls[cluster.Masters.ToList().IndexOf(master)];
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (!master.IsRunning)
                return false;
            if (await ChaosCluster.ClusterOfAsync(url, token).ConfigureAwait(false) is { LeaderId: not null })
                return true;
            await Task.Delay(100, token).ConfigureAwait(false);
        }

        master.Kill();
        return false;
    }

    private static string LastLine(string logPath) => File.ReadLines(logPath).LastOrDefault(l => l.Length > 0) ?? "(empty log)";

    private (string Target, Action Heal) Inject(string kind, string? leader)
    {
        var masters = cluster.Masters;
        LocalMaster Pick() => masters[random.Next(masters.Count)];
        LocalMaster LeaderOrAny() => masters.FirstOrDefault(m => m.Id == leader) ?? Pick();
        LocalAgent PickAgent() => cluster.Agents[random.Next(cluster.Agents.Count)];
        var ids = cluster.MasterIds;

        switch (kind)
        {
            case FaultKinds.KillLeader or FaultKinds.KillRandom:
            {
                var victim = kind == FaultKinds.KillLeader ? LeaderOrAny() : Pick();
                cluster.HoldDown(victim.Id);
                victim.Kill();
                return (victim.Id, () =>
                {
                    cluster.Restart(victim);
                    cluster.Release(victim.Id);
                });
            }

            case FaultKinds.KillAll:
                foreach (var master in masters)
                {
                    cluster.HoldDown(master.Id);
                    master.Kill();
                }

                return ("all masters", () =>
                {
                    foreach (var master in masters)
                    {
                        cluster.Restart(master);
                        cluster.Release(master.Id);
                    }
                });

            case FaultKinds.PauseLeader or FaultKinds.PauseRandom:
            {
                var victim = kind == FaultKinds.PauseLeader ? LeaderOrAny() : Pick();
                victim.Pause();
                return (victim.Id, victim.Resume);
            }

            case FaultKinds.IsolateLeader or FaultKinds.IsolateRandom or FaultKinds.SnapshotInstall:
            {
                var victim = kind == FaultKinds.IsolateLeader ? LeaderOrAny()
                    : kind == FaultKinds.SnapshotInstall ? masters.FirstOrDefault(m => m.Id != leader) ?? Pick()
                    : Pick();
                cluster.Isolate(victim.Id, ids);
                return (victim.Id, cluster.Links.HealAll);
            }

            case FaultKinds.PartitionHalves:
            {
                var shuffled = ids.OrderBy(_ => random.Next()).ToList();
                var minority = shuffled.Take((ids.Count - 1) / 2).ToList();
                var majority = shuffled.Skip(minority.Count).ToList();
                cluster.Links.Partition([majority, minority]);
                return ($"{string.Join(',', majority)} | {string.Join(',', minority)}", cluster.Links.HealAll);
            }

            case FaultKinds.PartitionRing:
            {
                // Each master keeps only its two ring neighbours; with three masters that cuts nothing, so one pair is cut too.
                var ring = ids.OrderBy(_ => random.Next()).ToList();
                var cut = new List<string>();
                for (var i = 0; i < ring.Count; i++)
                {
                    for (var j = i + 1; j < ring.Count; j++)
                    {
                        var neighbours = (j - i) == 1 || (i == 0 && j == ring.Count - 1);
                        if (!neighbours || (ring.Count == 3 && i == 0 && j == 2))
                        {
                            cluster.Links.CutOneWay(ring[i], ring[j]);
                            cluster.Links.CutOneWay(ring[j], ring[i]);
                            cut.Add($"{ring[i]}-{ring[j]}");
                        }
                    }
                }

                return ($"ring {string.Join('-', ring)}, cut {string.Join(' ', cut)}", cluster.Links.HealAll);
            }

            case FaultKinds.OneWay:
            {
                var from = LeaderOrAny();
                var to = masters.Where(m => m != from).ElementAt(random.Next(masters.Count - 1));
                cluster.Links.CutOneWay(from.Id, to.Id);
                return ($"{from.Id} -> {to.Id}", cluster.Links.HealAll);
            }

            case FaultKinds.Delay:
                cluster.ForEachLinkBetween(ids, p => p.Delay(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)));
                return ("all master links", cluster.Links.HealAll);

            case FaultKinds.Loss:
                cluster.ForEachLinkBetween(ids, p => p.Loss(0.5));
                return ("all master links", cluster.Links.HealAll);

            case FaultKinds.Resets:
            {
                var resetting = new CancellationTokenSource();
                _ = Task.Run(async () =>
                {
                    while (!resetting.IsCancellationRequested)
                    {
                        cluster.ForEachLinkBetween(ids, p => p.ResetConnections());
                        await Task.Delay(random.Next(200, 1000), CancellationToken.None).ConfigureAwait(false);
                    }
                }, CancellationToken.None);
                return ("all master links", () =>
                {
                    resetting.Cancel();
                    resetting.Dispose();
                });
            }

            case FaultKinds.KillAgent:
            {
                var victim = PickAgent();
                cluster.HoldDown(victim.Id);
                victim.Kill();
                return (victim.Id, () =>
                {
                    cluster.Restart(victim);
                    cluster.Release(victim.Id);
                });
            }

            case FaultKinds.PauseAgent:
            {
                var victim = PickAgent();
                victim.Pause();
                return (victim.Id, victim.Resume);
            }

            case FaultKinds.PartitionAgent:
            {
                var victim = PickAgent();
                cluster.Isolate(victim.Id, ids);
                return (victim.Id, cluster.Links.HealAll);
            }

            default:
                throw new ArgumentException($"unknown fault '{kind}'; one of {string.Join(", ", FaultKinds.All)}", nameof(kind));
        }
    }
}
