using System.Globalization;
using Raftos.Chaos.History;
using Raftos.Client;

namespace Raftos.Chaos.Workloads;

/// <summary>
/// Adds unique elements (keys under one prefix) from concurrent processes and records which
/// adds were acknowledged, refused or left unknown; the final read of the whole set then shows
/// whether an acknowledged add was lost or an element appeared that nobody added.
/// </summary>
public sealed class SetWorkload(Func<RaftosClient> clients, int processes, string prefix)
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> acknowledged = new(StringComparer.Ordinal);
    private readonly HashSet<string> unknown = new(StringComparer.Ordinal);
    private readonly HashSet<string> refused = new(StringComparer.Ordinal);

    /// <summary>The prefix every element is under.</summary>
    public string Prefix => prefix;

    /// <summary>Elements whose add was acknowledged.</summary>
    public IReadOnlyCollection<string> Acknowledged
    {
        get
        {
            lock (acknowledged)
                return [.. acknowledged];
        }
    }

    /// <summary>Elements whose add may or may not have happened.</summary>
    public IReadOnlyCollection<string> Unknown
    {
        get
        {
            lock (acknowledged)
                return [.. unknown];
        }
    }

    /// <summary>Elements whose add was refused: they must not be present.</summary>
    public IReadOnlyCollection<string> Refused
    {
        get
        {
            lock (acknowledged)
                return [.. refused];
        }
    }

    /// <summary>Runs every process until <paramref name="stop"/>.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, processes).Select(p => Task.Run(() => ProcessAsync(p, stop), CancellationToken.None)));

    private async Task ProcessAsync(int process, CancellationToken stop)
    {
        using var client = clients();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"{prefix}p{process.ToString(CultureInfo.InvariantCulture)}-{n.ToString(CultureInfo.InvariantCulture)}";
            using var timeout = new CancellationTokenSource(OperationTimeout);
            Outcome outcome;
            try
            {
                await client.KeyValues.PutAsync(key, "1", token: timeout.Token).ConfigureAwait(false);
                outcome = Outcome.Ok;
            }
            catch (Exception e) when (e is RaftosApiException or OperationCanceledException)
            {
                outcome = e is RaftosApiException api ? OperationOutcomes.Of(api) : Outcome.Unknown;
            }

            lock (acknowledged)
                (outcome switch { Outcome.Ok => acknowledged, Outcome.Failed => refused, _ => unknown }).Add(key);
            if (outcome != Outcome.Ok)
                await RegisterWorkload.Pause(stop).ConfigureAwait(false);
        }
    }
}
