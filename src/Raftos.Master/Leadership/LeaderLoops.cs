using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DotNext.Net.Cluster.Consensus.Raft;
using Raftos.Core.Commands;
using Raftos.Core.Scheduling;
using Raftos.Master.Metrics;
using Raftos.Master.Raft;
using Raftos.Master.Writes;

namespace Raftos.Master.Leadership;

/// <summary>
/// What only the leader does, for as long as it leads: the scheduler (pending tasks →
/// <see cref="PlaceTasks"/>) and the failure detector (silent agents →
/// <see cref="MarkAgentLost"/>). Both start once this master's state has caught up with its
/// own commit index, and stop with the leadership token. Neither holds anything that a new
/// leader cannot rebuild from the log: they only produce commands.
/// </summary>
public sealed partial class LeaderLoops(
    RaftNode node,
    CommandSubmitter submitter,
    AgentLiveness liveness,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime,
    ILogger<LeaderLoops> logger) : BackgroundService
{
    /// <summary>The exit code of a master whose Raft log failed beyond repair in this process.</summary>
    public const int RaftFailedExitCode = 70;

    private static readonly TimeSpan FatalStopGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DetectorPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SchedulerIdlePeriod = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (node.Cluster is not { } cluster || !node.IsLeader)
                {
                    await Task.Delay(20, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, cluster.LeadershipToken);
                await LeadAsync(cluster, leading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                LogLeadershipEnded(logger);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (System.Diagnostics.UnreachableException e)
            {
                // DotNext's RaftCluster throws this from then on once a state transition failed
                // inside it (seen under chaos: a snapshot installed while the write-ahead log's
                // background flush still referred to pages the snapshot removed). The node can
                // neither lead nor follow again in this process; restarted, it recovers from its
                // disk and its peers. So stop, with a clear reason and an exit code for the supervisor.
                FailFast(e);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed round must not end leader duties for the rest of the term.
                LogLoopFailed(logger, e);
                await Task.Delay(200, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void FailFast(Exception e)
    {
        LogRaftFailed(logger, RaftFailedExitCode, e);
        Environment.ExitCode = RaftFailedExitCode;
        lifetime.StopApplication();

        // A Raft node in this state may not stop cleanly: the exit must not wait on it.
        _ = Task.Delay(FatalStopGrace, CancellationToken.None).ContinueWith(_ => Environment.Exit(RaftFailedExitCode), TaskScheduler.Default);
    }

    private async Task LeadAsync(RaftCluster cluster, CancellationToken token)
    {
        // Decisions are made from the committed state of this term, never from a stale one.
        await cluster.ApplyReadBarrierAsync(token).ConfigureAwait(false);
        liveness.LeadershipStarted();
        LogLeading(logger, node.Term);
        await Task.WhenAll(ScheduleAsync(token), DetectAsync(token)).ConfigureAwait(false);
    }

    // Plans whenever something a decision depends on changed (Fleet.PlacementInputsIndex), a
    // restart delay ran out, or a second passed; tasks merely starting and running, the bulk
    // of the traffic, cause no re-planning.
    private async Task ScheduleAsync(CancellationToken token)
    {
        var roundsMax = node.Options.PlacementsPerRoundMax;
        var plannedInputs = -1L;
        long? wakeAt = null;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            var changed = node.Changes.Next;
            var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            var skip = plannedInputs;
            var (inputs, plan) = node.Read(state =>
                state.Fleet.PlacementInputsIndex == skip && !(wakeAt <= now)
                    ? (skip, null)
                    : (state.Fleet.PlacementInputsIndex, RaftosMetrics.MeasureSchedulerRound(() => Scheduler.Plan(state, now, roundsMax))));
            if (plan is not null)
            {
                plannedInputs = inputs;
                wakeAt = plan.NextWakeAt;
            }

            if (plan is { IsEmpty: false })
            {
                var result = await submitter.SubmitAsync(plan.ToCommand(NewRequestId("place")), token).ConfigureAwait(false);
                RaftosMetrics.SchedulerPlacements.Inc(result.Ids.Count);
                if (result.Applied)
                    RaftosMetrics.SchedulerPreemptions.Inc(plan.Preemptions.Count);
                if (plan.Placements.Count > 0)
                    LogPlaced(logger, result.Ids.Count, plan.Placements.Count, result.Index);
                if (plan.Preemptions.Count > 0)
                    LogPreempted(logger, plan.Preemptions.Count, result.Index);
                if (result.Ids.Count > 0 || plan.Placements.Count == 0)
                    continue;
                plannedInputs = -1; // every placement refused: the plan was stale, plan again
            }

            // Sleep until the state changes, a restart delay runs out, or a second passes.
            var wait = SchedulerIdlePeriod;
            if (wakeAt is { } wake)
                wait = TimeSpan.FromMilliseconds(Math.Clamp(wake - now, 1, SchedulerIdlePeriod.TotalMilliseconds));
            var woke = await Task.WhenAny(changed, Task.Delay(wait, token)).ConfigureAwait(false);
            if (woke != changed)
                plannedInputs = -1;
        }
    }

    private async Task DetectAsync(CancellationToken token)
    {
        using var timer = new PeriodicTimer(DetectorPeriod);
        while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
        {
            var lost = liveness.FindLost(node.Read(state => state.Fleet.Agents.All.ToList()));
            foreach (var (agent, silenceMs) in lost)
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"no heartbeat for {silenceMs / 1000.0:0.0} s");
                var result = await submitter.SubmitAsync(
                    new MarkAgentLost { RequestId = NewRequestId("lost"), AgentId = agent.Id, Epoch = agent.Epoch, Reason = reason }, token).ConfigureAwait(false);
                if (!result.Applied)
                    continue;
                RaftosMetrics.AgentsDeclaredLost.Inc();
                LogAgentLost(logger, agent.Id, reason, result.Index);
            }
        }
    }

    private static string NewRequestId(string kind) => kind + "-" + Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Raft node failed inside DotNext and cannot recover in this process; exiting with code {ExitCode} so that the supervisor restarts this master, which recovers from its disk and its peers")]
    private static partial void LogRaftFailed(ILogger logger, int exitCode, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leading term {Term}: scheduler and failure detector started")]
    private static partial void LogLeading(ILogger logger, long term);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leadership ended: scheduler and failure detector stopped")]
    private static partial void LogLeadershipEnded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Placed {Placed} of {Planned} tasks at index {Index}")]
    private static partial void LogPlaced(ILogger logger, int placed, int planned, long index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Preempting {Count} lower-priority tasks at index {Index}")]
    private static partial void LogPreempted(ILogger logger, int count, long index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} declared lost ({Reason}) at index {Index}; its tasks will run elsewhere")]
    private static partial void LogAgentLost(ILogger logger, string agentId, string reason, long index);

    [LoggerMessage(Level = LogLevel.Error, Message = "A leader loop failed; restarting it")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
