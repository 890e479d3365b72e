using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Raftos.Master.Leadership;
using Raftos.Master.Raft;

namespace Raftos.Master.Metrics;

/// <summary>
/// GET /metrics in the Prometheus text format: the master's own metrics, DotNext's meters,
/// and the process basics. HTTP requests are counted by route template, never by raw path, so
/// keys and ids do not multiply the series.
/// </summary>
public static class MetricsEndpoint
{
    // The route label of requests that matched no route.
    private const string Unmatched = "unmatched";

    private static readonly string[] ExportedMeterPrefixes = ["Raftos", "DotNext"];

    /// <summary>
    /// Counts and times the requests of the middleware that follows, and maps /metrics. Call it
    /// before the middleware that turns failures into answers, so the counted code is the one sent.
    /// </summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The runtime's event counters and meters are many series nobody here reads.
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = false,
            SuppressDebugMetrics = true,
            SuppressEventCounters = true,
            SuppressMeters = false,
        });
        Prometheus.Metrics.ConfigureMeterAdapter(meters => meters.InstrumentFilterPredicate =
            instrument => ExportedMeterPrefixes.Any(prefix => instrument.Meter.Name.StartsWith(prefix, StringComparison.Ordinal)));

        var node = app.Services.GetRequiredService<RaftNode>();
        var raft = new RaftMetricsCollector(node);
        var fleet = new FleetMetricsCollector(node, app.Services.GetRequiredService<AgentLiveness>());
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(raft.Collect);
        Prometheus.Metrics.DefaultRegistry.AddBeforeCollectCallback(fleet.Collect);

        app.UseHttpMetrics(http =>
        {
            http.InProgress.Enabled = false;
            http.AddCustomLabel("route", RouteOf);
            http.RequestCount.Counter = RaftosMetrics.HttpRequests;
            http.RequestDuration.Histogram = RaftosMetrics.HttpRequestDuration;
        });
        app.MapMetrics();
    }

    private static string RouteOf(HttpContext context)
        => context.GetEndpoint() is RouteEndpoint endpoint ? endpoint.RoutePattern.RawText ?? string.Empty : Unmatched;
}
