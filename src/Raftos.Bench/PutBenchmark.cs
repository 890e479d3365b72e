using System.Diagnostics;
using System.Globalization;

namespace Raftos.Bench;

/// <summary>
/// Closed-loop put load: N clients, each with one request in flight at a time, each pinned to one
/// endpoint round-robin so every member takes client traffic, as it would behind a client-side balancer.
/// </summary>
internal sealed class PutBenchmark
{
    // A client that keeps failing (member down, wrong route) would otherwise spin and starve the others of CPU.
    private static readonly TimeSpan PauseAfterError = TimeSpan.FromMilliseconds(10);

    private readonly IKvWriter _writer;
    private readonly IReadOnlyList<Uri> _endpoints;
    private readonly int _valueSize;

    // Carried across client counts so that every put in a process writes a key never written before.
    private readonly long[] _nextSequence;

    public PutBenchmark(IKvWriter writer, IReadOnlyList<Uri> endpoints, int valueSize, int maxClients)
    {
        _writer = writer;
        _endpoints = endpoints;
        _valueSize = valueSize;
        _nextSequence = new long[maxClients];
    }

    public async Task<PutRunResult> RunAsync(int clients, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var window = new MeasurementWindow(
            start + ToStopwatchTicks(warmup),
            start + ToStopwatchTicks(warmup + duration));

        var loops = new Task<ClientTally>[clients];
        for (var client = 0; client < clients; client++)
        {
            var id = client;
            loops[client] = Task.Run(() => RunClientAsync(id, _endpoints[id % _endpoints.Count], window, cancellationToken), cancellationToken);
        }

        var tallies = await Task.WhenAll(loops);

        var merged = LatencyHistogram.Create();
        long successes = 0;
        long errors = 0;
        string? firstError = null;
        foreach (var tally in tallies)
        {
            merged.Add(tally.Latency);
            successes += tally.Successes;
            errors += tally.Errors;
            firstError ??= tally.FirstError;
        }

        var seconds = duration.TotalSeconds;
        return new PutRunResult(
            clients,
            successes,
            errors,
            seconds,
            seconds > 0 ? successes / seconds : 0,
            LatencyHistogram.PercentileMs(merged, 50),
            LatencyHistogram.PercentileMs(merged, 99),
            LatencyHistogram.PercentileMs(merged, 99.9),
            LatencyHistogram.MaxMs(merged),
            LatencyHistogram.MeanMs(merged),
            firstError);
    }

    private async Task<ClientTally> RunClientAsync(int client, Uri endpoint, MeasurementWindow window, CancellationToken cancellationToken)
    {
        var tally = new ClientTally();
        var value = new byte[_valueSize];
        var keyPrefix = string.Create(CultureInfo.InvariantCulture, $"bench/{client}/");

        while (Stopwatch.GetTimestamp() < window.End)
        {
            Random.Shared.NextBytes(value);
            var key = keyPrefix + _nextSequence[client]++.ToString(CultureInfo.InvariantCulture);

            var sent = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                error = await _writer.PutAsync(endpoint, key, value, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                error = ex.HttpRequestError.ToString() + ": " + ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = "timeout";
            }

            var done = Stopwatch.GetTimestamp();

            // Throughput is completions inside the window, the usual closed-loop definition: requests
            // straddling either edge are neither invented nor dropped in bulk.
            if (window.Contains(done))
            {
                if (error is null)
                {
                    tally.Successes++;
                    LatencyHistogram.RecordMicros(tally.Latency, Stopwatch.GetElapsedTime(sent, done));
                }
                else
                {
                    tally.Errors++;
                    tally.FirstError ??= error;
                }
            }

            if (error is not null)
            {
                await Task.Delay(PauseAfterError, cancellationToken);
            }
        }

        return tally;
    }

    private static long ToStopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
