using Prometheus;

namespace Raftos.Master.Metrics;

/// <summary>
/// The master's instruments, in the default Prometheus registry (one master per process).
/// Counters and histograms are fed where things happen; the gauges are set at scrape time by
/// <see cref="RaftMetricsCollector"/> and <see cref="FleetMetricsCollector"/>.
/// </summary>
internal static class RaftosMetrics
{
    /// <summary>The current Raft term.</summary>
    public static readonly Gauge RaftTerm = Prometheus.Metrics.CreateGauge(
        "raftos_raft_term", "The current Raft term.");

    /// <summary>Index of the last committed log entry.</summary>
    public static readonly Gauge RaftCommitIndex = Prometheus.Metrics.CreateGauge(
        "raftos_raft_commit_index", "Index of the last committed log entry.");

    /// <summary>Index of the last log entry applied to the state.</summary>
    public static readonly Gauge RaftAppliedIndex = Prometheus.Metrics.CreateGauge(
        "raftos_raft_applied_index", "Index of the last log entry applied to the state.");

    /// <summary>1 while this master leads, else 0.</summary>
    public static readonly Gauge RaftIsLeader = Prometheus.Metrics.CreateGauge(
        "raftos_raft_is_leader", "1 while this master is the Raft leader, else 0.");

    /// <summary>Times this master learned of a new leader.</summary>
    public static readonly Counter RaftLeaderChanges = Prometheus.Metrics.CreateCounter(
        "raftos_raft_leader_changes_total", "Times this master saw a leader become known (elections won by anyone).");

    /// <summary>Time to apply one log entry to the state.</summary>
    public static readonly Histogram RaftApplyDuration = Prometheus.Metrics.CreateHistogram(
        "raftos_raft_apply_duration_seconds", "Time to apply one log entry to the cluster state.",
        new HistogramConfiguration { Buckets = Buckets(0.00001, 1) });

    /// <summary>Time from handing a batch to the log until it is committed and applied (leader).</summary>
    public static readonly Histogram RaftReplicationDuration = Prometheus.Metrics.CreateHistogram(
        "raftos_raft_replication_duration_seconds", "Time from submitting a batch of commands to the log until it is committed and applied (leader).",
        new HistogramConfiguration { Buckets = Buckets(0.0001, 10) });

    /// <summary>Snapshots of the state written.</summary>
    public static readonly Counter RaftSnapshots = Prometheus.Metrics.CreateCounter(
        "raftos_raft_snapshots_total", "Snapshots of the cluster state written.");

    /// <summary>Agents by status.</summary>
    public static readonly Gauge Agents = Prometheus.Metrics.CreateGauge(
        "raftos_agents", "Agents by status; each agent counts once: lost, else suspect (leader only), else draining, else ready.", "status");

    /// <summary>Tasks kept in the state, by state.</summary>
    public static readonly Gauge Tasks = Prometheus.Metrics.CreateGauge(
        "raftos_tasks", "Tasks kept in the state (ended ones up to the history bound), by state.", "state");

    /// <summary>Jobs not stopped.</summary>
    public static readonly Gauge Jobs = Prometheus.Metrics.CreateGauge(
        "raftos_jobs", "Jobs submitted and not stopped.");

    /// <summary>Tasks waiting for the scheduler.</summary>
    public static readonly Gauge PendingTasks = Prometheus.Metrics.CreateGauge(
        "raftos_pending_tasks", "Tasks waiting for the scheduler.");

    /// <summary>CPU that agents not lost offer, and that tasks hold.</summary>
    public static readonly Gauge ClusterCpuMillis = Prometheus.Metrics.CreateGauge(
        "raftos_cluster_cpu_millis", "Millicores offered by the agents not lost (total) and held by tasks (allocated).", "kind");

    /// <summary>Memory that agents not lost offer, and that tasks hold.</summary>
    public static readonly Gauge ClusterMemoryBytes = Prometheus.Metrics.CreateGauge(
        "raftos_cluster_memory_bytes", "Memory offered by the agents not lost (total) and held by tasks (allocated).", "kind");

    /// <summary>Tasks the leader placed.</summary>
    public static readonly Counter SchedulerPlacements = Prometheus.Metrics.CreateCounter(
        "raftos_scheduler_placements_total", "Tasks placed on agents by this master while leading.");

    /// <summary>Tasks the leader preempted.</summary>
    public static readonly Counter SchedulerPreemptions = Prometheus.Metrics.CreateCounter(
        "raftos_scheduler_preemptions_total", "Lower-priority tasks this master, while leading, committed plans to stop to make room.");

    /// <summary>Scheduling rounds planned.</summary>
    public static readonly Counter SchedulerRounds = Prometheus.Metrics.CreateCounter(
        "raftos_scheduler_rounds_total", "Scheduling rounds planned by this master while leading.");

    /// <summary>Time of one scheduling round.</summary>
    public static readonly Histogram SchedulerRoundDuration = Prometheus.Metrics.CreateHistogram(
        "raftos_scheduler_round_duration_seconds", "Time to plan one scheduling round.",
        new HistogramConfiguration { Buckets = Buckets(0.00001, 10) });

    /// <summary>Agents the failure detector declared lost.</summary>
    public static readonly Counter AgentsDeclaredLost = Prometheus.Metrics.CreateCounter(
        "raftos_agents_declared_lost_total", "Agents declared lost by this master's failure detector while leading.");

    /// <summary>HTTP requests answered, by route template, method and status code.</summary>
    public static readonly Counter HttpRequests = Prometheus.Metrics.CreateCounter(
        "raftos_http_requests_total", "HTTP requests answered, by route template, method and status code.", "route", "method", "code");

    /// <summary>HTTP request durations, by route template and method.</summary>
    public static readonly Histogram HttpRequestDuration = Prometheus.Metrics.CreateHistogram(
        "raftos_http_request_duration_seconds", "Time to answer an HTTP request (long polls included), by route template and method.",
        new HistogramConfiguration { LabelNames = ["route", "method"], Buckets = Buckets(0.0001, 300) });

    /// <summary>Plans a scheduling round, counting and timing it.</summary>
    public static T MeasureSchedulerRound<T>(Func<T> plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        SchedulerRounds.Inc();
        using (SchedulerRoundDuration.NewTimer())
            return plan();
    }

    // Bucket bounds 1, 2.5, 5 per decade from smallest up to the first bound at or past largest.
    private static double[] Buckets(double smallest, double largest)
    {
        var bounds = new List<double>();
        for (var decade = smallest; bounds.Count == 0 || bounds[^1] < largest; decade *= 10)
        {
            foreach (var step in (ReadOnlySpan<double>)[1, 2.5, 5])
            {
                bounds.Add(Math.Round(decade * step, 6));
                if (bounds[^1] >= largest)
                    break;
            }
        }

        return [.. bounds];
    }
}
