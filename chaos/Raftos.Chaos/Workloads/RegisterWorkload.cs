using System.Globalization;
using System.Net;
using Raftos.Chaos.History;
using Raftos.Client;

namespace Raftos.Chaos.Workloads;

/// <summary>
/// Concurrent reads, writes and compare-and-sets on a few keys, each client a sequential
/// process, recorded as a history for the linearizability checker. Every written value is
/// unique, so a value names its write; a CAS on the revision a process last read is a CAS on
/// that value, since that revision belongs to that write alone. Keys are named
/// <c>{prefix}{generation}/{n}</c>, a new generation every 20 s.
/// </summary>
public sealed class RegisterWorkload(Func<RaftosClient> clients, RunClock clock, int processes, int keys, int seed, string prefix)
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    // Every 20 s the clients move on to fresh keys. Keys are checked independently, so a long
    // run becomes many short histories: the checker's memory grows with the square of one
    // key's history (a bitset per visited configuration), and a 30-minute soak on the same
    // few keys needed more than the machine has.
    private static readonly TimeSpan GenerationLength = TimeSpan.FromSeconds(20);

    private readonly List<Operation> history = [];

    /// <summary>Every operation so far, in completion order per process.</summary>
    public IReadOnlyList<Operation> History
    {
        get
        {
            lock (history)
                return [.. history];
        }
    }

    /// <summary>Runs every process until <paramref name="stop"/>.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, processes).Select(p => Task.Run(() => ProcessAsync(p, stop), CancellationToken.None)));

    private async Task ProcessAsync(int process, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(seed, process));
        using var client = clients();
        var lastRead = new Dictionary<string, (string? Value, long Revision)>(StringComparer.Ordinal);
        var written = 0;
        while (!stop.IsCancellationRequested)
        {
            var generation = (long)(clock.Elapsed / GenerationLength);
            var key = $"{prefix}{generation.ToString(CultureInfo.InvariantCulture)}/{random.Next(keys).ToString(CultureInfo.InvariantCulture)}";
            var roll = random.NextDouble();
            Operation operation;
            if (roll < 0.45)
                operation = await ReadAsync(client, process, key, lastRead).ConfigureAwait(false);
            else if (roll >= 0.8 && lastRead.TryGetValue(key, out var expected))
                operation = await CasAsync(client, process, key, expected, $"p{process}-{written++}").ConfigureAwait(false);
            else
                operation = await WriteAsync(client, process, key, $"p{process}-{written++}").ConfigureAwait(false);
            lock (history)
                history.Add(operation);

            // A cluster without a leader answers at once; without a pause the history would fill with failures.
            if (operation.Outcome != Outcome.Ok)
                await Pause(stop).ConfigureAwait(false);
        }
    }

    /// <summary>Waits a moment after an unanswered operation, or until <paramref name="stop"/>.</summary>
    internal static async Task Pause(CancellationToken stop)
    {
        try
        {
            await Task.Delay(50, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller's loop ends.
        }
    }

    private async Task<Operation> ReadAsync(RaftosClient client, int process, string key, Dictionary<string, (string?, long)> lastRead)
    {
        var invoked = clock.Now;
        using var timeout = new CancellationTokenSource(OperationTimeout);
        try
        {
            var value = await client.KeyValues.GetAsync(key, timeout.Token).ConfigureAwait(false);
            lastRead[key] = (value.Text, value.ModRevision);
            return Done(process, key, OperationKind.Read, invoked, Outcome.Ok) with { Observed = value.Text };
        }
        catch (RaftosApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            lastRead[key] = (null, 0);
            return Done(process, key, OperationKind.Read, invoked, Outcome.Ok);
        }
        catch (Exception e) when (e is RaftosApiException or OperationCanceledException)
        {
            return Done(process, key, OperationKind.Read, invoked, e is RaftosApiException api ? OperationOutcomes.Of(api) : Outcome.Unknown);
        }
    }

    private async Task<Operation> WriteAsync(RaftosClient client, int process, string key, string value)
    {
        var invoked = clock.Now;
        using var timeout = new CancellationTokenSource(OperationTimeout);
        try
        {
            await client.KeyValues.PutAsync(key, value, token: timeout.Token).ConfigureAwait(false);
            return Done(process, key, OperationKind.Write, invoked, Outcome.Ok) with { Value = value };
        }
        catch (Exception e) when (e is RaftosApiException or OperationCanceledException)
        {
            return Done(process, key, OperationKind.Write, invoked, e is RaftosApiException api ? OperationOutcomes.Of(api) : Outcome.Unknown) with { Value = value };
        }
    }

    private async Task<Operation> CasAsync(RaftosClient client, int process, string key, (string? Value, long Revision) expected, string value)
    {
        var invoked = clock.Now;
        using var timeout = new CancellationTokenSource(OperationTimeout);
        try
        {
            await client.KeyValues.PutAsync(key, value, expected.Revision, timeout.Token).ConfigureAwait(false);
            return Done(process, key, OperationKind.Cas, invoked, Outcome.Ok) with { Value = value, Expected = expected.Value, CasApplied = true };
        }
        catch (RaftosApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.CurrentRevision is not null)
        {
            return Done(process, key, OperationKind.Cas, invoked, Outcome.Ok) with { Value = value, Expected = expected.Value, CasApplied = false };
        }
        catch (Exception e) when (e is RaftosApiException or OperationCanceledException)
        {
            return Done(process, key, OperationKind.Cas, invoked, e is RaftosApiException api ? OperationOutcomes.Of(api) : Outcome.Unknown) with { Value = value, Expected = expected.Value };
        }
    }

    private Operation Done(int process, string key, OperationKind kind, long invoked, Outcome outcome) => new()
    {
        Process = process,
        Key = key,
        Kind = kind,
        InvokedAt = invoked,
        CompletedAt = outcome == Outcome.Unknown ? long.MaxValue : clock.Now,
        Outcome = outcome,
    };
}
